#!/usr/bin/env python3
"""Writes the hostile inputs of tests/e2e/hostile.sh into DIR (a temporary
directory: the 100 MB files are made at test time, never committed).

Records start from the first agent of examples/roster-2014-06.json (a valid
record of the 2014 schema), written compactly, one per line.

usage: gen.py DIR"""
import json
import os
import sys

D = sys.argv[1]
REF = json.load(open("examples/roster-2014-06.json", encoding="utf-8"))[0]
MB = 1024 * 1024


def rec(id_, **changes):
    r = dict(REF)
    r["id"] = id_
    r.update(changes)
    return r


def line(r):
    return json.dumps(r, ensure_ascii=False, separators=(",", ":")).encode()


def raw(id_, field, text):
    """A record whose `field` holds the raw JSON text `text` (bytes)."""
    marker = "@@%s@@" % field
    b = line(rec(id_, **{field: marker}))
    return b.replace(json.dumps(marker).encode(), text)


def write(name, data):
    with open(os.path.join(D, name), "wb") as f:
        f.write(data)


def deep(n):
    return b"[" * n + b"]" * n


# ---- records ------------------------------------------------------------

# mixed.ndjson: good records around every kind of damage, one per line; the
# comments give the line (= record) numbers hostile.sh asserts on.
mixed = [
    line(rec("H-01")),                                          # 1 good
    deep(100000),                                               # 2 nested 100,000 deep
    raw("H-03", "name", deep(100000)),                          # 3 a field nested 100,000 deep
    raw("H-04", "calls", b"1e400"),                             # 4 out of range (10^18 or more)
    raw("H-05", "calls", b"-0").replace(b'"telesales_years":2.3', b'"telesales_years":-0'),  # 5 -0 is 0
    raw("H-06", "calls", b"123456789012345678901234567890"),    # 6 too large
    raw("H-07", "pay", b'{"base":"1e400","position":500,"allowance":800}'),  # 7 money as text, too large
    line(rec("H-08")).replace("王芳".encode(), b"\xe7\x8e\xff"),  # 8 invalid UTF-8
    b"\xef\xbb\xbf" + line(rec("H-09")),                        # 9 a byte-order mark mid-input
    line(rec("H-10")).replace("王芳".encode(), b"\xe7\x8e\x8b\x00"),  # 10 a raw NUL in a string
    line(rec("H-11", name="a\u0000b")),                          # 11 \u0000 in a string
    b"\x00",                                                     # 12 a NUL byte alone
    line(rec("H-13")).replace(b'"calls":1712', b'"calls":1712,"calls":1713'),  # 13 duplicate key
    line(rec("H-14")).replace(b'"calls_per_day":80', b'"calls_per_day":80,"calls_per_day":81'),  # 14 nested duplicate
    b"1", b'"text"', b"null", b"[]", b"true",                   # 15-19 not objects
    line(rec("H-20", calls=0, telesales_years=0)),               # 20 good: what H-05 must equal
]
assert mixed[4] != line(rec("H-05")) and b"-0" in mixed[4]
write("mixed.ndjson", b"\n".join(mixed) + b"\n")

# cut.ndjson: the reference record cut after every byte, then whole.
full = line(rec("CUT"))
write("cut.ndjson", b"".join(full[:i] + b"\n" for i in range(1, len(full))) + full + b"\n")
write("cut.len", str(len(full)).encode())

# arrays
good1, good2 = line(rec("A-1")), line(rec("A-2"))
write("deep.json", b"[" + good1 + b",\n" + deep(100000) + b",\n" + good2 + b"]")
write("notobj.json", b"[" + good1 + b",1,\"text\",null,[],true,\n" + good2 + b"]")
write("bom.json", b"\xef\xbb\xbf[" + good1 + b"]")
write("empty.json", b"")
write("blank.json", b" \n\t\n")
write("emptyarr.json", b"[]")
write("dup.json", b"[" + good1 + b",\n" + good1.replace(b'"pay":{', b'"pay":{"base":1,') + b"]")

# wide.ndjson: a record with 300,000 members the schema does not name (one
# of them given twice at the end, in the second), between good records: the
# repeated-key check is linear (issue 20, item 2: pairwise, 40,000 keys took
# 34 s and 300,000 would take half an hour)
wide = b",".join(b'"u%d":%d' % (i, i) for i in range(300000))
write("wide.ndjson", line(rec("W-1")) + b"\n" +
      line(rec("W-2"))[:-1] + b"," + wide + b"}\n" +
      line(rec("W-3"))[:-1] + b"," + wide + b',"u299999":0}\n' +
      line(rec("W-4")) + b"\n")

# big.json: a 100 MB string in a display field, between two good records
with open(os.path.join(D, "big.json"), "wb") as f:
    f.write(b"[" + good1 + b",\n")
    # its own customer, so that it is credited its deal like A-1 (first in roster)
    deals = [dict(d, customer="C-BIG") for d in REF["deals"]]
    big = line(rec("A-BIG", name="@@BIG@@", deals=deals)).split(b'"@@BIG@@"')
    f.write(big[0] + b'"')
    chunk = "长".encode() * (MB // 3)
    for _ in range(100):
        f.write(chunk)
    f.write(b'"' + big[1] + b",\n" + good2 + b"]")

# ---- policies -------------------------------------------------------------

SMALL = """input:
    id: text, key
    x: integer

output y "标签 label" = x + 1
"""
write("small.ndjson", b'{"id":"a","x":41}\n')
write("bom.rules", b"\xef\xbb\xbf" + SMALL.encode())
# line 5, column 11: the byte after 'output y "' is bad
write("badutf8.rules", SMALL.encode().replace('"标签'.encode(), b'"\xe6\xa0'))
write("nul.rules", SMALL.encode().replace(b"x + 1", b"x \x00+ 1"))       # line 5, column 16
write("empty.rules", b"")
write("comment.rules", b"# nothing but a comment\n\n")
write("dup.rules", b"""input:
    id: text, key
    x: integer
    x: decimal
param r = 1%
param r = 2%
output y = x * r
y = 2
""")
write("json.rules", open("examples/roster-2014-06.json", "rb").read())
write("cycle-a.rules", b'include "cycle-b.rules"\noutput a = 1\n')
write("cycle-b.rules", b'include "cycle-a.rules"\noutput b = 2\n')
write("self.rules", b'include "self.rules"\noutput a = 1\n')
write("incdir.rules", b'include "."\noutput a = 1\n')
write("incmissing.rules", b'include "no-such-file.rules"\noutput a = 1\n')
write("numbers.rules", b"output a = 1e400\noutput b = 123456789012345678901234567890\n")
write("negzero.rules", b"input:\n    id: text, key\noutput z = -0\noutput w = -0 - 0\n")
write("one.ndjson", b'{"id":"a"}\n')

HEAD = "input:\n    id: text, key\n    x: integer\n\n"
N = 10000
write("deep-paren.rules", (HEAD + "output y = " + "(" * N + "x + 1" + ")" * N + "\n").encode())
write("deep-neg.rules", (HEAD + "output y = " + "-" * N + "x\n").encode())
write("deep-not.rules", (HEAD + "output y = " + "not " * N + "x > 1\n").encode())
write("deep-if.rules", (HEAD + "output y = " + "if x > 1 then " * N + "1" + " else 2" * N + "\n").encode())
write("deep-call.rules", (HEAD + "output y = " + "abs(" * N + "x" + ")" * N + "\n").encode())
write("deep-list.rules", (HEAD + "output y = " + "[" * N + "x" + "]" * N + "\n").encode())
write("deep-sum.rules", (HEAD + "output y = x" + " + 1" * 100000 + "\n").encode())
write("deep-defs.rules", (HEAD + "".join("d%d = d%d + 1\n" % (i, i + 1) for i in range(N))
                          + "d%d = x\noutput y = d0\n" % N).encode())
write("deep-indent.rules", ("input:\n" + "".join("    " * (i + 1) + "f%d: record\n" % i for i in range(1000))
                            + "    " * 1001 + "x: integer\noutput y = 1\n").encode())
rows = "".join("    %d or more -> %d\n" % (i, i) for i in range(100000, 0, -1))
write("tier.rules", (HEAD + "output t = tier x:\n" + rows + "    otherwise -> 0\n").encode())
write("tier.ndjson", b'{"id":"a","x":50000}\n{"id":"b","x":0}\n{"id":"c","x":100001}\n{"id":"d","x":1}\n'
      b'{"id":"e","x":-5}\n')
with open(os.path.join(D, "big.rules"), "wb") as f:
    f.write(b'output x = "')
    for _ in range(100):
        f.write(b"x" * MB)
    f.write(b'"\n')

# ---- the per-record evaluation limit --------------------------------------

write("steps.rules", b"""input:
    id: text, key
    xs: list of integer

output m = sum(count(append(xs, each)) over xs)
output n = sum(sum(sum(sum(each over xs) over xs) over xs) over xs)
""")
write("steps.ndjson", b'{"id":"small","xs":[1,2,3]}\n' + json.dumps({"id": "huge", "xs": list(range(200))}).encode()
      + b'\n{"id":"one","xs":[7]}\n' + json.dumps({"id": "wide", "xs": list(range(5000))}).encode() + b"\n")
