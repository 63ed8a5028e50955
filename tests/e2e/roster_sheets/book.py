#!/usr/bin/env python3
"""Writes an XLSX workbook by hand (zipfile and XML text, no spreadsheet
library), so that every kind of cell a roster may hold can be made exactly:

  book.py OUT.xlsx SPEC.json

SPEC: {"sheets": [{"name": "roster", "rows": [[CELL, ...], ...]}], "date1904": false}
CELL: null (empty), a string (shared string), a JSON number, or an object:
  {"n": "1738.64"}            a number, its <v> text as given
  {"n": "41796", "s": 1}      with cell style 1 (a date format, numFmtId 14),
                              2 (custom "000"), 3 (yyyy-mm-dd hh:mm)
  {"b": 1}                    a boolean
  {"e": "#N/A"}               an error value
  {"f": "A1*2"}               a formula whose value the file does not keep
  {"is": "text"}              an inline string
"""
import json, sys, zipfile
from xml.sax.saxutils import escape

out, spec = sys.argv[1], json.load(open(sys.argv[2], encoding="utf-8"))
sst, sst_index = [], {}


def col_name(i):
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def cell_xml(ref, c):
    if isinstance(c, str):
        if c not in sst_index:
            sst_index[c] = len(sst)
            sst.append(c)
        return f'<c r="{ref}" t="s"><v>{sst_index[c]}</v></c>'
    if isinstance(c, (int, float)):
        return f'<c r="{ref}"><v>{c}</v></c>'
    s = f' s="{c["s"]}"' if "s" in c else ""
    if "n" in c:
        return f'<c r="{ref}"{s}><v>{c["n"]}</v></c>'
    if "b" in c:
        return f'<c r="{ref}" t="b"><v>{c["b"]}</v></c>'
    if "e" in c:
        return f'<c r="{ref}" t="e"><v>{escape(c["e"])}</v></c>'
    if "f" in c:
        return f'<c r="{ref}"{s}><f>{escape(c["f"])}</f></c>'
    if "is" in c:
        return f'<c r="{ref}" t="inlineStr"><is><t>{escape(c["is"])}</t></is></c>'
    raise SystemExit("unknown cell " + json.dumps(c))


def sheet_xml(rows):
    body = []
    for r, row in enumerate(rows, 1):
        cells = "".join(cell_xml(f"{col_name(i)}{r}", c) for i, c in enumerate(row) if c is not None)
        body.append(f'<row r="{r}">{cells}</row>')
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            f'<sheetData>{"".join(body)}</sheetData></worksheet>')


sheets = spec["sheets"]
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("[Content_Types].xml",
               '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
               '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
               '<Default Extension="xml" ContentType="application/xml"/></Types>')
    z.writestr("_rels/.rels",
               '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
               f'<Relationship Id="rId1" Type="{NS_R}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
    wb_sheets = "".join(f'<sheet name="{escape(s["name"])}" sheetId="{i + 1}" r:id="rId{i + 1}"/>' for i, s in enumerate(sheets))
    pr = '<workbookPr date1904="1"/>' if spec.get("date1904") else ""
    z.writestr("xl/workbook.xml",
               f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="{NS_R}">'
               f'{pr}<sheets>{wb_sheets}</sheets></workbook>')
    rels = "".join(f'<Relationship Id="rId{i + 1}" Type="{NS_R}/worksheet" Target="worksheets/sheet{i + 1}.xml"/>'
                   for i in range(len(sheets)))
    z.writestr("xl/_rels/workbook.xml.rels",
               '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
               f'{rels}</Relationships>')
    for i, s in enumerate(sheets):
        z.writestr(f"xl/worksheets/sheet{i + 1}.xml", sheet_xml(s["rows"]))
    z.writestr("xl/styles.xml",
               '<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
               '<numFmts count="2"><numFmt numFmtId="164" formatCode="000"/><numFmt numFmtId="165" formatCode="yyyy-mm-dd hh:mm"/></numFmts>'
               '<cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs>'
               '<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="165"/></cellXfs></styleSheet>')
    items = "".join(f"<si><t xml:space=\"preserve\">{escape(t)}</t></si>" for t in sst)
    z.writestr("xl/sharedStrings.xml",
               '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
               f'{items}</sst>')
