#!/usr/bin/env python3
"""Writes po/LANG.po from po/kaohe.pot and a table of hand translations
(a Python file defining T = {msgid: msgstr}).  A msgid without a
translation is left empty, so that `make po-check` names it."""
import re, sys
pot, table, out = sys.argv[1:4]
ns = {}
exec(open(table, encoding='utf-8').read(), ns)
T = ns['T']
def esc(s):
    return s.replace('\\', '\\\\').replace('"', '\\"').replace('\n', '\\n').replace('\t', '\\t')
text = open(pot, encoding='utf-8').read()
entries = text.split('\n\n')
res = []
for e in entries:
    m = re.search(r'^msgid ((?:".*"\n?)+)', e, flags=re.M)
    if not m:
        res.append(e); continue
    mid = ''.join(eval(x) for x in m.group(1).strip().split('\n'))
    head = e[:e.index('msgstr')]
    if mid == '':
        hdr = e.replace('charset=CHARSET', 'charset=UTF-8')
        hdr = hdr.replace('#, fuzzy\n', '')
        hdr = re.sub(r'PO-Revision-Date: [^\\]*', 'PO-Revision-Date: 2026-12-06 21:00+0000', hdr)
        hdr = re.sub(r'Last-Translator: [^\\]*', 'Last-Translator: kaohe <kaohe@localhost>', hdr)
        hdr = re.sub(r'Language-Team: [^\\]*', 'Language-Team: Chinese (simplified) <kaohe@localhost>', hdr)
        hdr = hdr.replace('Language: \\n', 'Language: zh_CN\\n')
        res.append(hdr); continue
    tr = T.get(mid, '')
    res.append(head + 'msgstr "' + esc(tr) + '"')
open(out, 'w', encoding='utf-8').write('\n\n'.join(res).rstrip('\n') + '\n')
