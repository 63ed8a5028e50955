#!/usr/bin/env python3
"""What would the month cost at another commission rate?  A notebook-style
what-if over a roster: the shipped 2014 policy, commission_rate from 6% to
12%, the total pay of every evaluated agent per rate.

    python3 examples/python/whatif_sweep.py [ROSTER.json [NAME=VALUE ...]]

(default: examples/roster-2014-06.json; December wants
company_profit=2500000).  Run from anywhere in the source tree after
`make`; the kaohe package is python/kaohe (or installed on sys.path).
"""
import decimal
import json
import os
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
sys.path.insert(0, os.path.join(ROOT, "python"))
import kaohe  # noqa: E402

roster = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "examples", "roster-2014-06.json")
policy = kaohe.Policy(os.path.join(ROOT, "rules", "customer-service-2014.rules"))
for setting in sys.argv[2:]:
    name, _, value = setting.partition("=")
    policy.set(name, value)

with open(roster, encoding="utf-8") as f:
    records = json.load(f, parse_float=decimal.Decimal)  # exact, as kaohe reads them

print("rate   total cost (yuan)")
for percent in range(6, 13):
    policy.set("commission_rate", f"{percent}%")
    results = policy.eval(records)
    paid = [r for r in results if "error" not in r]
    total = sum((r["total_pay"] for r in paid), decimal.Decimal("0.00"))
    print(f"{percent:>3}%   {total:>14}   ({len(paid)} agents paid, {len(results) - len(paid)} refused)")
