#!/usr/bin/env python3
"""Fills in a `kaohe template` workbook as HR would, with openpyxl (not
kaohe): opens TEMPLATE, checks what the template promises, writes the June
2014 example roster into the rows below the two header rows, saves OUT.

  fill.py TEMPLATE.xlsx OUT.xlsx

Checked in the template: sheets 'roster' and 'deals'; row 1 the labels, row 2
the paths; a comment on each header naming the field's path; a drop-down of
"probation","regular" on the status column and 是/否 on deals' paid; the bound
of exam_score (0..100) as a whole-number validation; the id column formatted
as Text (@) so that 007 stays 007; money as 0.00."""
import datetime, json, sys

import openpyxl

ROOT = __file__.rsplit("/tests/", 1)[0]
roster = json.load(open(ROOT + "/examples/roster-2014-06.json", encoding="utf-8"))
wb = openpyxl.load_workbook(sys.argv[1])
problems = []


def expect(cond, what):
    if not cond:
        problems.append(what)


expect(wb.sheetnames[:2] == ["roster", "deals"], f"sheets {wb.sheetnames}")
ws, ds = wb["roster"], wb["deals"]
paths = [c.value for c in ws[2]]
expect(paths[:3] == ["id", "name", "period"], f"paths {paths[:3]}")
expect(ws["A1"].value == "工号 agent id", f"A1 {ws['A1'].value}")
expect(all(ws.cell(1, i + 1).comment and p in ws.cell(1, i + 1).comment.text for i, p in enumerate(paths)),
       "a comment on every header naming its path")
col = {p: i + 1 for i, p in enumerate(paths)}
letter = lambda p: openpyxl.utils.get_column_letter(col[p])
dv = {str(v.sqref): v for v in ws.data_validations.dataValidation}
status = next((v for r, v in dv.items() if r.startswith(letter("status") + "3")), None)
expect(status is not None and status.type == "list" and status.formula1 == '"probation,regular"', "status drop-down")
exam = next((v for r, v in dv.items() if r.startswith(letter("exam_score") + "3")), None)
expect(exam is not None and exam.type == "whole" and exam.formula1 == "0" and exam.formula2 == "100", "exam_score bound")
dpaid = next((v for v in ds.data_validations.dataValidation if str(v.sqref).startswith("E3")), None)
expect(dpaid is not None and dpaid.type == "list" and "是" in dpaid.formula1, "paid drop-down")
expect(ws.column_dimensions[letter("id")].number_format == "@", "id column as Text")
expect(ws.column_dimensions[letter("pay.base")].number_format == "0.00", "money column 0.00")
if problems:
    print("template:", "; ".join(problems))
    sys.exit(1)


def at(rec, path):
    for part in path.split("."):
        if not isinstance(rec, dict) or part not in rec:
            return None
        rec = rec[part]
    return rec


def value(path, v):
    if v is None:
        return None
    if isinstance(v, list):
        return ", ".join(("是" if x else "否") if isinstance(x, bool) else str(x) for x in v)
    if isinstance(v, bool):
        return "是" if v else "否"
    try:
        if path == "hire_date":
            return datetime.date.fromisoformat(v)
        if path == "entered":
            return datetime.datetime.fromisoformat(v)
    except ValueError:
        pass
    return v


for r, rec in enumerate(roster, start=3):
    for p, c in col.items():
        ws.cell(r, c, value(p, at(rec, p)))
dpaths = [c.value for c in ds[2]]
r = 3
for rec in roster:
    for d in rec.get("deals", []):
        for i, p in enumerate(dpaths):
            ds.cell(r, i + 1, rec["id"] if p == "id" else value(p, d.get(p)))
        r += 1
wb.save(sys.argv[2])
