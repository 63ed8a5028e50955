#!/usr/bin/env python3
"""Checks kaohe's NDJSON results (one JSON object per line) against claims.

usage: results.py FILE CLAIM...
  n=COUNT          the file holds COUNT results
  N=ok             result N (1-based) is evaluated: it has no "error"
  N=ok:ID          ... and its id is ID
  N=err:TEXT       result N is an error whose message contains TEXT
  N~M              results N and M are equal apart from "id" and "record"
  N.FIELD=VALUE    result N's FIELD, as JSON text, is VALUE (exactly:
                   1.total=92233720368547758.07, 1.id="A")
  all-err:A-B      results A..B are all errors, each naming its line:
                   "line K," for result K (or "line K+1, column 1 (", the
                   start of the next line, where a line cut short shows)
Prints what fails and exits 1."""
import json
import re
import sys

raw = open(sys.argv[1], "rb").read().decode("utf-8").splitlines()
rows = [json.loads(l) for l in raw]
texts = raw
bad = []


def strip(r):
    return {k: v for k, v in r.items() if k not in ("id", "record")}


for claim in sys.argv[2:]:
    try:
        if claim.startswith("n="):
            if len(rows) != int(claim[2:]):
                bad.append("%s: %d results" % (claim, len(rows)))
        elif claim.startswith("all-err:"):
            a, b = map(int, claim[8:].split("-"))
            for k in range(a, b + 1):
                e = rows[k - 1].get("error", "")
                if not (e.startswith("line %d," % k) or e.startswith("line %d, column 1 (" % (k + 1))):
                    bad.append("result %d: %r" % (k, e[:80]))
                    break
        elif "~" in claim:
            a, b = map(int, claim.split("~"))
            if strip(rows[a - 1]) != strip(rows[b - 1]):
                bad.append("%s: %s / %s" % (claim, texts[a - 1][:200], texts[b - 1][:200]))
        elif "." in claim.split("=")[0]:
            left, want = claim.split("=", 1)
            n, field = left.split(".", 1)
            # the field's JSON text exactly as written (exact decimals)
            text = texts[int(n) - 1]
            m = re.search(r'"%s":' % re.escape(field), text)
            got = "(absent)"
            if m:
                end = json.JSONDecoder().raw_decode(text, m.end())[1]
                got = text[m.end():end]
            if got != want:
                bad.append("%s: got %s" % (claim, got))
        else:
            n, what = claim.split("=", 1)
            r = rows[int(n) - 1]
            if what == "ok" or what.startswith("ok:"):
                if "error" in r:
                    bad.append("%s: %s" % (claim, r["error"]))
                elif what.startswith("ok:") and r.get("id") != what[3:]:
                    bad.append("%s: id %r" % (claim, r.get("id")))
            elif what.startswith("err:"):
                if what[4:] not in r.get("error", ""):
                    bad.append("%s: %r" % (claim, r.get("error", "(evaluated)")))
            else:
                bad.append("unknown claim " + claim)
    except (IndexError, ValueError, KeyError) as e:
        bad.append("%s: %s" % (claim, e))

for b in bad:
    print("  results:", b)
sys.exit(1 if bad else 0)
