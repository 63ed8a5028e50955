#!/usr/bin/env python3
"""The layer check: no file of src/ includes a header of a layer above its own.

Layers, lowest first: base, lang, engine, io, api, tools, cli.  A file may
include headers of its own layer and of the layers below.  The generated
parser and scanner headers belong to lang.  Exceptions still to be removed
are listed, one `file -> header` per line, in tests/layers/allowed.txt; an
exception that no longer occurs is itself an error (so the list only shrinks).
"""
import os, re, sys

LAYERS = ["base", "lang", "engine", "io", "api", "tools", "cli"]
root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
src = os.path.join(root, "src")
where = {"parser.h": "lang", "lexer.h": "lang"}
files = []
for layer in LAYERS:
    d = os.path.join(src, layer)
    for f in sorted(os.listdir(d)):
        if f.endswith((".c", ".h")):
            files.append((layer, f))
            if f.endswith(".h"):
                if f in where:
                    sys.exit(f"layers: {f} is declared twice ({where[f]} and {layer})")
                where[f] = layer
stray = [f for f in os.listdir(src) if os.path.isfile(os.path.join(src, f))]
if stray:
    sys.exit("layers: files directly in src/ belong to no layer: " + " ".join(sorted(stray)))

allowed = set()
allow_file = os.path.join(os.path.dirname(os.path.abspath(__file__)), "allowed.txt")
if os.path.exists(allow_file):
    for line in open(allow_file, encoding="utf-8"):
        line = line.split("#", 1)[0].strip()
        if line:
            allowed.add(line)

bad, used = [], set()
inc = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)
for layer, f in files:
    text = open(os.path.join(src, layer, f), encoding="utf-8").read()
    for h in inc.findall(text):
        h = os.path.basename(h)
        if h not in where:
            bad.append(f"src/{layer}/{f}: includes \"{h}\", which is in no layer")
            continue
        if LAYERS.index(where[h]) > LAYERS.index(layer):
            key = f"{f} -> {h}"
            if key in allowed:
                used.add(key)
            else:
                bad.append(f"src/{layer}/{f}: includes {h} from {where[h]}, a layer above {layer}")
for key in sorted(allowed - used):
    bad.append(f"tests/layers/allowed.txt: '{key}' no longer occurs: remove it from the list")
for b in bad:
    print("layers: " + b)
if bad:
    sys.exit(1)
print(f"layers: {len(files)} files, no include points up a layer" +
      (f" ({len(used)} listed exceptions left)" if used else ""))
