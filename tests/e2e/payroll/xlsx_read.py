"""Reads an .xlsx the way a spreadsheet does, with nothing but the standard
library: the zip, the workbook's sheet list, each sheet's cells with their
type (number, boolean, inline or shared string) and number format.

    sheets = read_xlsx(path)       # {"results": Sheet, ...} in workbook order
    sheets["results"].cell("A3")   # Cell(kind="str", value="CS-0101", fmt=None)
"""
import re
import zipfile
import xml.etree.ElementTree as ET
from collections import namedtuple

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
      "rel": "http://schemas.openxmlformats.org/package/2006/relationships"}
BUILTIN_FORMATS = {0: "General", 1: "0", 2: "0.00", 14: "mm-dd-yy"}

Cell = namedtuple("Cell", "kind value fmt")


class Sheet:
    def __init__(self, name, root, formats, shared):
        self.name = name
        self.root = root
        self.cells = {}
        self.rows = {}
        for c in root.iter("{%s}c" % NS["m"]):
            ref = c.get("r")
            t = c.get("t")
            style = int(c.get("s", "0"))
            fmt = formats[style] if style < len(formats) else None
            v = c.find("m:v", NS)
            if t == "inlineStr":
                cell = Cell("str", "".join(x.text or "" for x in c.iter("{%s}t" % NS["m"])), fmt)
            elif t == "s":
                cell = Cell("str", shared[int(v.text)], fmt)
            elif t == "b":
                cell = Cell("bool", v.text == "1", fmt)
            elif t == "str":
                cell = Cell("str", v.text, fmt)
            else:
                cell = Cell("num", float(v.text), fmt)
            self.cells[ref] = cell
            col, row = re.match(r"([A-Z]+)(\d+)$", ref).groups()
            self.rows.setdefault(int(row), {})[col] = cell

    def cell(self, ref):
        return self.cells.get(ref)

    def row(self, n):
        """{column letter: Cell} of row n (1-based)."""
        return self.rows.get(n, {})

    def pane(self):
        p = self.root.find(".//m:sheetView/m:pane", NS)
        return None if p is None else dict(p.attrib)

    def widths(self):
        return {int(c.get("min")): float(c.get("width")) for c in self.root.iter("{%s}col" % NS["m"])}


def col_letter(i):
    """0 -> A, 25 -> Z, 26 -> AA."""
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def read_xlsx(path):
    z = zipfile.ZipFile(path)
    wb = ET.fromstring(z.read("xl/workbook.xml"))
    rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    target = {r.get("Id"): r.get("Target") for r in rels.iter("{%s}Relationship" % NS["rel"])}
    styles = ET.fromstring(z.read("xl/styles.xml"))
    custom = {int(n.get("numFmtId")): n.get("formatCode") for n in styles.iter("{%s}numFmt" % NS["m"])}
    formats = []
    xfs = styles.find("m:cellXfs", NS)
    for xf in xfs.findall("m:xf", NS):
        fid = int(xf.get("numFmtId", "0"))
        formats.append(custom.get(fid, BUILTIN_FORMATS.get(fid, str(fid))))
    shared = []
    if "xl/sharedStrings.xml" in z.namelist():
        ss = ET.fromstring(z.read("xl/sharedStrings.xml"))
        shared = ["".join(t.text or "" for t in si.iter("{%s}t" % NS["m"])) for si in ss.findall("m:si", NS)]
    sheets = {}
    for s in wb.iter("{%s}sheet" % NS["m"]):
        rid = s.get("{%s}id" % NS["r"])
        root = ET.fromstring(z.read("xl/" + target[rid]))
        sheets[s.get("name")] = Sheet(s.get("name"), root, formats, shared)
    return sheets


def core_dates(path):
    core = zipfile.ZipFile(path).read("docProps/core.xml").decode()
    return re.findall(r"<dcterms:(created|modified)[^>]*>([^<]*)<", core)
