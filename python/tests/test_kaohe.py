"""The Python package (python/kaohe) against the kaohe command and the
figures examples/ROSTERS.md works out by hand for the June 2014 roster:
39 records, 4 refused (CS-0131 twice, CS-0135, CS-0136); CS-0101 paid
4100.00 with a commission of 500.00 at 8% (so 6250 of credited profit)."""
import decimal
import json
import os
import subprocess
import sys
import warnings

import pytest

import kaohe

D = decimal.Decimal


def cli_results(kaohe_bin, root, roster, *sets):
    args = [kaohe_bin, "eval", os.path.join(root, "rules", "customer-service-2014.rules"),
            os.path.join(root, "examples", roster), "--format", "json"]
    for s in sets:
        args += ["--set", s]
    run = subprocess.run(args, capture_output=True, check=False)
    assert run.returncode in (0, 1), run.stderr.decode()
    doc = json.loads(run.stdout.decode("utf-8"), parse_float=D)
    return [r for r in doc if "check_failed" not in r], [r for r in doc if "check_failed" in r]


def roster_records(root, roster):
    with open(os.path.join(root, "examples", roster), encoding="utf-8") as f:
        return json.load(f, parse_float=D)


@pytest.fixture
def policy(root):
    with kaohe.Policy(os.path.join(root, "rules", "customer-service-2014.rules")) as p:
        yield p


def test_version():
    assert kaohe.version() == "0.1.0"


def test_params(policy):
    rate = policy.params["commission_rate"]
    assert rate.type == "decimal" and rate.percent and rate.value == D("0.08") and rate.text == "0.08"
    assert rate.label == "§八.2 提成比例 commission rate"
    assert not rate.overridden
    bonus = policy.params["quarter_bonus_amount"]
    assert bonus.type == "money" and bonus.value == D("200.00") and bonus.text == "200.00"
    assert policy.params["bottom_score"].value == 65 and policy.params["bottom_score"].type == "integer"
    policy.set("commission_rate", "10%")
    assert policy.params["commission_rate"].value == D("0.1")
    assert policy.params["commission_rate"].overridden
    policy.set("company_profit", D("2500000"))
    assert policy.params["company_profit"].text == "2500000.00"


def test_set_refused(policy):
    with pytest.raises(ValueError, match="commission_rate"):
        policy.set("commission_rate", "a lot")
    with pytest.raises(ValueError):
        policy.set("no_such_param", "1")


def test_outputs_and_schema(policy):
    names = [o.name for o in policy.outputs]
    assert names[0] == "assessed_days" and "total_pay" in names and names[-1] == "carry"
    total = policy.outputs[names.index("total_pay")]
    assert total.type == "money" and total.label == "实发合计 total pay"
    fields = {f["name"]: f for f in policy.schema}
    assert fields["id"]["key"] and fields["id"]["type"] == "text"
    assert fields["status"]["values"] == ["probation", "regular"]
    assert fields["days_present"]["min"] == "0" and fields["days_present"]["max"] == "workdays"
    deals = fields["deals"]
    assert deals["type"] == "list of record"
    assert [f["name"] for f in deals["fields"]] == ["customer", "entered", "profit", "paid"]
    assert fields["prior"]["type"] == "group" and fields["prior"]["optional"]


def test_policy_error():
    text = "input:\n    id: text, key\nparam rate = 8%\noutput x = rat + 1\n"
    with pytest.raises(kaohe.PolicyError) as e:
        kaohe.Policy(text)
    (d,) = e.value.diagnostics
    assert (d.severity, d.file, d.line, d.column, d.end_column) == ("error", "policy.rules", 4, 12, 15)
    assert "'rat'" in d.message and "'rate'" in d.hint
    assert str(e.value).startswith("policy.rules:4:12: ")


def test_policy_file_missing(root):
    with pytest.raises(kaohe.PolicyError) as e:
        kaohe.Policy(os.path.join(root, "rules", "no-such.rules"))
    assert e.value.diagnostics and e.value.diagnostics[0].severity == "error"


@pytest.mark.parametrize("roster,sets", [("roster-2014-06.json", ()),
                                          ("roster-2014-12.json", ("company_profit=2500000",))])
def test_eval_equals_cli(policy, root, kaohe_bin, roster, sets):
    for s in sets:
        policy.set(*s.split("=", 1))
    results = policy.eval(roster_records(root, roster))
    want, want_checks = cli_results(kaohe_bin, root, roster, *sets)
    assert len(results) == len(want)
    for got, expected in zip(results, want):
        assert got == expected
        assert list(got) == list(expected)  # the same keys, in the same order
    assert results.checks_failed == want_checks


def test_eval_june_by_hand(policy, root):
    results = policy.eval(roster_records(root, "roster-2014-06.json"))
    assert len(results) == 39
    refused = [(r["id"], r["record"]) for r in results if "error" in r]
    assert refused == [("CS-0131", 31), ("CS-0131", 32), ("CS-0135", 36), ("CS-0136", 37)]
    first = results[0]
    assert first["id"] == "CS-0101"
    assert first["total_pay"] == D("4100.00") and str(first["total_pay"]) == "4100.00"
    assert isinstance(first["commission"], D) and first["commission"] == D("500.00")
    assert first["required_calls"] == 1600 and isinstance(first["required_calls"], int)
    assert first["basic_met"] is True
    # at 10%: 6250 of credited profit -> 625.00, so 125.00 more pay
    policy.set("commission_rate", "10%")
    first = policy.eval(roster_records(root, "roster-2014-06.json"))[0]
    assert first["commission"] == D("625.00") and first["total_pay"] == D("4225.00")


def test_eval_json_text_and_bad_record(policy, root):
    with open(os.path.join(root, "examples", "roster-2014-06.json"), encoding="utf-8") as f:
        text = json.dumps(json.load(f)[0], ensure_ascii=False, indent=2)  # CS-0101, over many lines
    results = policy.eval([text, "{\"id\": \"X\", "])
    assert results[0]["total_pay"] == D("4100.00")
    assert results[1]["record"] == 2 and "error" in results[1]
    with pytest.raises(ValueError):
        policy.eval(["  "])


def test_eval_nothing(policy):
    # no records is an empty roster, as [] is to kaohe eval: no results, no error
    results = policy.eval([])
    assert results == [] and results.checks_failed == []


def test_eval_dataframe(policy, root):
    import pandas as pd  # python3-pandas, in .ci/install-deps
    records = roster_records(root, "roster-2014-06.json")
    df = pd.json_normalize(json.loads(json.dumps(records, default=str)), max_level=1)
    # json_normalize flattened groups into "quota.calls_per_day" columns;
    # money came back as text (default=str above): exact all the same
    out = policy.eval_dataframe(df)
    assert len(out) == 39
    assert list(out.columns) == ["id"] + [o.name for o in policy.outputs] + ["error"]
    row = out[out["id"] == "CS-0101"].iloc[0]
    assert row["total_pay"] == D("4100.00") and row["error"] is None
    assert out[out["id"] == "CS-0135"].iloc[0]["error"] == "field 'member_target': missing"
    want = policy.eval(records)
    for i, r in enumerate(want):
        if "error" not in r:
            assert out.iloc[i]["total_pay"] == r["total_pay"]


def test_whatif_sweep(root, kaohe_bin):
    script = os.path.join(root, "examples", "python", "whatif_sweep.py")
    run = subprocess.run([sys.executable, script], capture_output=True, check=True)
    lines = run.stdout.decode().splitlines()[1:]
    assert [line.split()[0] for line in lines] == [f"{p}%" for p in range(6, 13)]
    totals = [D(line.split()[1]) for line in lines]
    for percent, total in zip(range(6, 13), totals):
        want, _ = cli_results(kaohe_bin, root, "roster-2014-06.json", f"commission_rate={percent}%")
        assert total == sum(r["total_pay"] for r in want if "error" not in r)
    assert all(a < b for a, b in zip(totals, totals[1:]))  # a higher rate never costs less
    assert all("(35 agents paid, 4 refused)" in line for line in lines)


def test_includes_off(root, tmp_path):
    (tmp_path / "common.rules").write_text("param rate = 8%\n", encoding="utf-8")
    main = tmp_path / "main.rules"
    main.write_text('include "common.rules"\ninput:\n    id: text, key\noutput x = rate * 100\n', encoding="utf-8")
    with kaohe.Policy(main) as p:  # includes on: common.rules is read
        assert p.eval([{"id": "a"}])[0]["x"] == D("8")
    with pytest.raises(kaohe.PolicyError) as e:
        kaohe.Policy(main, includes=False)
    d = e.value.diagnostics[0]  # then rate, which the include would have declared, is unknown
    assert d.line == 1 and d.message == "includes are off: this policy may not read 'common.rules'"


def test_explain_commission_by_hand(policy, root):
    # CS-0102's two paid deals, entered first in the roster: 8400.00 and
    # -1250.50, so 7149.50 credited; at 8%, 571.96 (571.96 exactly)
    got = policy.explain(roster_records(root, "roster-2014-06.json"), "CS-0102", outputs=["commission"])
    assert got["id"] == "CS-0102"
    [commission] = got["outputs"]
    assert commission["name"] == "commission" and commission["value"] == "571.96"
    items = {i["name"]: i for i in commission["items"]}
    assert items["commission_rate"]["value"] == "8%"
    assert items["credited_paid_profit"]["value"] == "7149.50"


def test_explain_equals_cli(policy, root, kaohe_bin):
    run = subprocess.run([kaohe_bin, "explain", os.path.join(root, "rules", "customer-service-2014.rules"),
                          os.path.join(root, "examples", "roster-2014-06.json"), "--id", "CS-0101",
                          "--format", "json"], capture_output=True, check=True)
    assert policy.explain(roster_records(root, "roster-2014-06.json"), "CS-0101") == json.loads(run.stdout)


def test_explain_missing_and_private(policy, root):
    records = roster_records(root, "roster-2014-06.json")
    with pytest.raises(KeyError, match="CS-9999"):
        policy.explain(records, "CS-9999")
    mine = json.dumps(policy.explain(records, "CS-0102", private=True), ensure_ascii=False)
    assert "CS-0102" in mine and "CS-0101" not in mine and "CS-0103" not in mine


def test_diff_commission_rate_by_hand(root):
    # 8% -> 9% of CS-0102's 7149.50: 571.96 -> 643.46 (643.455 rounded half
    # away from zero), total pay 3991.96 -> 4063.46
    path = os.path.join(root, "rules", "customer-service-2014.rules")
    with kaohe.Policy(path) as old, kaohe.Policy(path) as new:
        new.set("commission_rate", "9%")
        got = old.diff(new, roster_records(root, "roster-2014-06.json"))
    by_id = {r["id"]: r for r in got["records"]}
    changes = {(c["output"], c.get("entry")): c for c in by_id["CS-0102"]["changes"]}
    c = changes[("commission", None)]
    assert (c["old"], c["new"], c["delta"]) == (D("571.96"), D("643.46"), D("71.50"))
    t = changes[("total_pay", None)]
    assert (t["old"], t["new"]) == (D("3991.96"), D("4063.46"))
    assert got["summary"]["records"] == 39 and got["summary"]["old_errors"] == 4
    assert "CS-0131" not in by_id  # refused on both sides: nothing changed


# The policy and records of the golden case eval-unknown-members, in part:
# "sale" is no field (the field is "sales"), nor is "bnus" of the group pay.
UNKNOWN_POLICY = """input:
    id: text, key
    sales: money, optional, default 0 yuan
    pay: record
        base: money
        bonus: money, optional, default 0 yuan

output total = sales + pay.base + pay.bonus
"""


def test_eval_warns_of_members_no_field_is_called():
    # As kaohe eval says after the run (golden eval-unknown-members), with the
    # session's input named "records": "sale" met twice (A, C), did you mean
    # 'sales'; "pay.bnus" once, did you mean 'bonus'.  The totals leave them
    # out: A 0 + 1000 + 0, B 200 + 1000 + 0, C 0 + 1000 + 10.
    records = [{"id": "A", "sale": 100, "pay": {"base": 1000, "bnus": 50}},
               {"id": "B", "sales": 200, "pay": {"base": 1000}},
               {"id": "C", "sale": 300, "pay": {"base": 1000, "bonus": 10}}]
    want = ["records: no field is called \"sale\": the member is not read (met 2 times; did you mean 'sales'?)",
            "records: no field is called \"pay.bnus\": the member is not read (met once; did you mean 'bonus'?)"]
    with kaohe.Policy(UNKNOWN_POLICY) as p:
        with pytest.warns(kaohe.KaoheWarning) as caught:
            results = p.eval(records)
        assert [str(w.message) for w in caught] == want
        # each warning points at the line that called eval, as a notebook shows it
        assert all(w.filename == __file__ for w in caught)
        assert results.warnings == want
        assert [r["total"] for r in results] == [D("1000.00"), D("1200.00"), D("1010.00")]
        # records with no such member: no warning, .warnings empty
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            assert p.eval(records[1:2]).warnings == []


def test_dataframe_and_diff_warn_too(root):
    pd = pytest.importorskip("pandas")
    df = pd.DataFrame([{"id": "A", "sale": 100, "pay.base": 1000}])
    with kaohe.Policy(UNKNOWN_POLICY) as p:
        with pytest.warns(kaohe.KaoheWarning, match="\"sale\"") as caught:
            frame = p.eval_dataframe(df)
        assert caught[0].filename == __file__
        assert list(frame["total"]) == [D("1000.00")]
        with kaohe.Policy(UNKNOWN_POLICY) as q:  # the same policy: nothing changes, the warning stays
            with pytest.warns(kaohe.KaoheWarning, match="met once; did you mean 'sales'"):
                got = p.diff(q, [{"id": "A", "sale": 100, "pay": {"base": 1000}}])
        assert got["summary"]["changed"] == 0
