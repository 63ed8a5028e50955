#!/usr/bin/env python3
"""Writes the June 2014 example roster (examples/roster-2014-06.json) as a
spreadsheet, the way HR would keep it, without kaohe:

  june.py xlsx OUT.xlsx       one workbook: sheet 'roster' (a row per agent,
                              headed by field paths), sheet 'deals' (a row per
                              deal, the agent's id in column A); numbers,
                              booleans and dates as Excel's own cells (dates and
                              times as date serials with a date format)
  june.py csv ROSTER.csv DEALS.csv
                              the same as two CSV files (UTF-8 with a BOM, CRLF),
                              headed by the fields' labels as HR sees them
Lists of plain values (prior.recent_passes) are one cell: "TRUE, FALSE" in the
workbook, "是、否" in the CSV; an absent field is an empty cell."""
import csv, datetime, json, sys

import openpyxl

ROOT = __file__.rsplit("/tests/", 1)[0]
roster = json.load(open(ROOT + "/examples/roster-2014-06.json", encoding="utf-8"))

# (path, CSV header: the label, or its first word)
COLUMNS = [
    ("id", "工号"), ("name", "姓名 name"), ("period", "考核月份"), ("status", "状态 status"),
    ("level", "职级"), ("hire_date", "入职日期 hire date"), ("telesales_years", "电销年限"),
    ("management_years", "管理年限"), ("team_size", "团队规模"), ("workdays", "工作日"),
    ("days_present", "出勤天数"), ("calls", "通次"), ("call_minutes", "通时"),
    ("quota.calls_per_day", "每日通次"), ("quota.minutes_per_day", "每日通时"),
    ("members", "会员发展量"), ("member_target", "激励量"), ("contact_rate", "接触量"),
    ("exam_score", "业务考试"), ("satisfaction", "回访满意率"),
    ("incidents.nonstandard_service", "服务不规范"), ("incidents.forbidden_language", "禁用语"),
    ("incidents.complaint", "投诉"), ("incidents.confidentiality", "泄密"),
    ("merits.praised", "表扬"), ("merits.hazard_reported", "安全隐患"),
    ("merits.suggestion_adopted", "合理化建议"), ("merits.service_star", "服务之星"),
    ("merits.discretionary", "酌情奖励"), ("pay.base", "基本工资"), ("pay.position", "岗位工资"),
    ("pay.allowance", "职级津贴"), ("year_profit", "年度利润"),
    ("prior.contact_strikes", "prior.contact_strikes"), ("prior.probation_months", "PRIOR.PROBATION_MONTHS"),
    ("prior.incentive_streak", "ｐｒｉｏｒ．ｉｎｃｅｎｔｉｖｅ＿ｓｔｒｅａｋ"),
    ("prior.recent_passes", "prior.recent_passes"), ("prior.recent_scores", "prior.recent_scores"),
]
DEALS = [("customer", "客户"), ("entered", "录入时间"), ("profit", "利润"), ("paid", "已到款")]


def at(rec, path):
    for part in path.split("."):
        if not isinstance(rec, dict) or part not in rec:
            return None
        rec = rec[part]
    return rec


def excel_value(path, v):
    if v is None:
        return None
    try:
        if path == "hire_date":
            return datetime.date.fromisoformat(v)
        if path == "entered":
            return datetime.datetime.fromisoformat(v)
    except ValueError:
        return v  # not a real date: Excel keeps what was typed as text
    if isinstance(v, list):
        return ", ".join(("TRUE" if x else "FALSE") if isinstance(x, bool) else str(x) for x in v)
    return v


def csv_value(v):
    if v is None:
        return ""
    if isinstance(v, bool):
        return "是" if v else "否"
    if isinstance(v, list):
        return "、".join(csv_value(x) for x in v)
    return str(v)


def write_xlsx(out):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "roster"
    ws.append([p for p, _ in COLUMNS])
    for rec in roster:
        ws.append([excel_value(p, at(rec, p)) for p, _ in COLUMNS])
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, datetime.date):
                cell.number_format = "yyyy-mm-dd"
    ds = wb.create_sheet("deals")
    ds.append(["id"] + [p for p, _ in DEALS])
    for rec in roster:
        for d in rec.get("deals", []):
            ds.append([rec["id"]] + [excel_value(p, d.get(p)) for p, _ in DEALS])
    for row in ds.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, datetime.datetime):
                cell.number_format = "yyyy-mm-dd hh:mm:ss"
    wb.save(out)


def write_csv(out, deals_out):
    with open(out, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f, lineterminator="\r\n")
        w.writerow([h for _, h in COLUMNS])
        for rec in roster:
            w.writerow([csv_value(at(rec, p)) for p, _ in COLUMNS])
    with open(deals_out, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["工号 agent id"] + [h for _, h in DEALS])
        for rec in roster:
            for d in rec.get("deals", []):
                w.writerow([rec["id"]] + [csv_value(d.get(p)) for p, _ in DEALS])


if sys.argv[1] == "xlsx":
    write_xlsx(sys.argv[2])
else:
    write_csv(sys.argv[2], sys.argv[3])
