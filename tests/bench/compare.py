#!/usr/bin/env python3
"""compare.py — check that two benchmark programs computed the same results.

    compare.py EXPECTED ACTUAL [--tolerance T] [--null-id-ok]

Both files are NDJSON, one result per input record, in input order (the
hand-written C program, kaohe on tests/bench/per-record.rules, jq on
tests/bench/core.jq).  Line i of one is compared with line i of the other:
the same keys in the same order, the same strings and booleans, and numbers
equal as exact decimals (with --tolerance T, numbers may differ by T relative:
for jq, whose ratios are binary doubles).  --null-id-ok accepts a null "id" on
either side (kaohe prints the key field as id, and a streaming policy has no
key).  Prints a one-line summary; on a mismatch, the first few differing
fields (line number and field path only: no agent's figures); exit 1.
"""
import argparse
import json
import sys
from decimal import Decimal


def diffs(a, b, path, tol, null_id_ok, out):
    if isinstance(a, dict) and isinstance(b, dict):
        if list(a) != list(b):
            out.append(f"{path or '.'}: keys differ ({len(a)} vs {len(b)} fields)")
            return
        for k in a:
            if k == "id" and null_id_ok and (a[k] is None or b[k] is None) and not path:
                continue
            diffs(a[k], b[k], f"{path}.{k}", tol, null_id_ok, out)
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            out.append(f"{path}: lists of {len(a)} and {len(b)} entries")
            return
        for i, (x, y) in enumerate(zip(a, b)):
            diffs(x, y, f"{path}[{i}]", tol, null_id_ok, out)
    elif isinstance(a, Decimal) and isinstance(b, Decimal):
        if a == b:
            return
        if tol and abs(a - b) <= Decimal(tol) * max(Decimal(1), abs(a)):
            return
        out.append(f"{path}: numbers differ")
    elif type(a) is not type(b) or a != b:
        out.append(f"{path}: values differ")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("expected")
    ap.add_argument("actual")
    ap.add_argument("--tolerance", default=None)
    ap.add_argument("--null-id-ok", action="store_true")
    a = ap.parse_args()
    load = lambda s: json.loads(s, parse_float=Decimal, parse_int=Decimal)
    bad = []
    n = 0
    identical = True
    id_only = 0
    with open(a.expected, encoding="utf-8") as fe, open(a.actual, encoding="utf-8") as fa:
        while True:
            le, la = fe.readline(), fa.readline()
            if not le and not la:
                break
            n += 1
            if not le or not la:
                bad.append(f"line {n}: one file ends here")
                break
            if le == la:
                continue
            if a.null_id_ok and le.partition(",")[2] == la.partition(",")[2]:
                id_only += 1   # same text after the id field
                continue
            identical = False
            out = []
            diffs(load(le), load(la), "", a.tolerance, a.null_id_ok, out)
            bad.extend(f"line {n}: {d}" for d in out)
            if len(bad) >= 10:
                break
    if bad:
        print(f"compare: {a.actual} differs from {a.expected}:", file=sys.stderr)
        for d in bad[:10]:
            print("  " + d, file=sys.stderr)
        return 1
    how = "the same values" if not identical else \
        "byte-identical apart from a null id" if id_only else "byte-identical"
    print(f"compare: {n} results agree ({how}): {a.expected} vs {a.actual}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
