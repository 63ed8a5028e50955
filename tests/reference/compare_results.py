#!/usr/bin/env python3
"""Compare two kaohe-style result files (JSON arrays or NDJSON) value by value.

Numbers compare as exact decimals (so 100 == 100.00); a value printed with 15
decimals (a repeating ratio) compares equal when it is within 1e-14.
Error records compare by presence only (the wording may differ); an error
record with no usable id (empty or missing) may name it as null or "" (the
spec does not say which).  Failed roster checks after the results
({"check_failed": ...}) are not results and are left out
(tests/e2e/star_check.sh checks them).

    compare_results.py A.json B.json   -> prints differences, exit 1 if any
"""
import json
import sys
from decimal import Decimal


def load(path):
    text = open(path, encoding="utf-8").read()
    s = text.lstrip()
    if s.startswith("["):
        rows = json.loads(text, parse_float=Decimal, parse_int=Decimal)
    else:
        rows = [json.loads(l, parse_float=Decimal, parse_int=Decimal) for l in text.splitlines() if l.strip()]
    return [r for r in rows if not (isinstance(r, dict) and "check_failed" in r and "id" not in r)]


def same(a, b):
    if isinstance(a, Decimal) and isinstance(b, Decimal):
        if a == b:
            return True
        return abs(a - b) < Decimal("1e-14")
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return type(a) == type(b) and a == b


def same_id(x, y):
    no_id = (None, "")
    if "error" in x and "error" in y and x.get("id") in no_id and y.get("id") in no_id:
        return True
    return x.get("id") == y.get("id")


def main():
    a, b = load(sys.argv[1]), load(sys.argv[2])
    diffs = 0
    if len(a) != len(b):
        print(f"record counts differ: {len(a)} vs {len(b)}")
        return 1
    for i, (x, y) in enumerate(zip(a, b)):
        if not same_id(x, y):
            print(f"record {i+1}: id {x.get('id')} vs {y.get('id')}")
            diffs += 1
            continue
        if ("error" in x) != ("error" in y):
            print(f"record {i+1} ({x.get('id')}): error {x.get('error')!r} vs {y.get('error')!r}")
            diffs += 1
            continue
        if "error" in x:
            continue
        keys = [k for k in x if k not in ("record",)]
        if list(keys) != [k for k in y if k not in ("record",)]:
            print(f"record {i+1} ({x.get('id')}): outputs differ in names or order")
            diffs += 1
        for k in keys:
            if k in y and not same(x[k], y[k]):
                print(f"record {i+1} ({x.get('id')}): {k}: {x[k]} vs {y[k]}")
                diffs += 1
    print(f"{len(a)} records, {diffs} differences")
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main())
