#!/usr/bin/env python3
"""The allocation check: kaohe's memory comes from mem.h (mem_alloc,
mem_free ...), whose blocks carry a header; a plain malloc or free() of such
a block corrupts the heap at run time, and no compiler sees it.  So a call
of malloc, calloc, realloc, strdup, strndup or free in src/ or grammar/
(outside mem.c) must say on its line, in a comment, whose memory it is
(`free(text); /* cJSON's */`, `/* realpath's */`, `/* open_memstream's */`).
"""
import os, re, sys

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
call = re.compile(r"(?<![\w.>])(malloc|calloc|realloc|strdup|strndup|free)\s*\(")
bad = []
for top in ("src", "grammar"):
    for d, _, names in os.walk(os.path.join(root, top)):
        for f in sorted(names):
            if not f.endswith((".c", ".h", ".y", ".l")) or f in ("mem.c", "mem.h"):
                continue
            path = os.path.join(d, f)
            for n, line in enumerate(open(path, encoding="utf-8"), 1):
                if line.lstrip().startswith(("*", "/*", "//")):  # prose of a comment
                    continue
                code = line.split("//", 1)[0]
                m = call.search(code.split("/*", 1)[0])
                if m and "/*" not in line:
                    bad.append(f"{os.path.relpath(path, root)}:{n}: {m.group(1)}() without a comment saying whose memory "
                               f"it is (kaohe's comes from mem.h: mem_{'free' if m.group(1) == 'free' else 'alloc'})")
if bad:
    print("\n".join(bad))
    sys.exit(1)
print("alloc: every plain malloc/free in src/ names whose memory it is")
