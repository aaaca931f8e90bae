"""Tables for people to open in a spreadsheet: CSV that Excel reads as UTF-8, and ``.xlsx``.

Excel opens a CSV in the locale's code page unless it starts with a byte-order mark, so Chinese
comes out garbled; :func:`csv_bytes` writes one. :func:`xlsx_bytes` writes a minimal Office
Open XML workbook (one sheet, inline strings, a bold frozen header row) with the standard
library only, so no spreadsheet package is needed.

>>> import io, zipfile
>>> book = zipfile.ZipFile(io.BytesIO(xlsx_bytes(["指标", "值"], [["就业", "1200万人"]])))
>>> "就业" in book.read("xl/worksheets/sheet1.xml").decode("utf-8")
True
>>> csv_bytes(["指标"], [["就业"]])[:3] == b"\\xef\\xbb\\xbf"
True
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from typing import Any, Iterable, Sequence
from xml.sax.saxutils import escape

__all__ = ["csv_bytes", "xlsx_bytes", "XLSX_MIME"]

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_RE_XML_BAD = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """UTF-8 CSV with a byte-order mark (``None`` as an empty cell)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(["" if v is None else v for v in row] for row in rows)
    return out.getvalue().encode("utf-8-sig")


def _column(k: int) -> str:
    name = ""
    k += 1
    while k:
        k, r = divmod(k - 1, 26)
        name = chr(65 + r) + name
    return name


def _cell(ref: str, value: Any, style: int = 0) -> str:
    s = f' s="{style}"' if style else ""
    if isinstance(value, bool) or value is None or not isinstance(value, (int, float)):
        text = escape(_RE_XML_BAD.sub("", "" if value is None else str(value)))
        return f'<c r="{ref}" t="inlineStr"{s}><is><t xml:space="preserve">{text}</t></is></c>'
    return f'<c r="{ref}"{s}><v>{value!r}</v></c>'


_CONTENT_TYPES = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                  '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                  '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                  '<Default Extension="xml" ContentType="application/xml"/>'
                  '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                  '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                  '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
                  '</Types>')
_ROOT_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
              '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
              '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
              '</Relationships>')
_BOOK_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
              '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
              '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
              '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
              '</Relationships>')
_STYLES = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
           '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
           '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
           '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
           '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
           '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
           '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
           '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
           '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
           '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1">'
           '<alignment wrapText="1" vertical="top"/></xf></cellXfs>'
           '</styleSheet>')


def xlsx_bytes(header: Sequence[str], rows: Iterable[Sequence[Any]], *, sheet: str = "PolicyKG",
               widths: Sequence[int] | None = None) -> bytes:
    """A one-sheet workbook: the header row bold and frozen, text cells wrapped."""
    body = [[_cell(f"{_column(k)}1", h, 1) for k, h in enumerate(header)]]
    for i, row in enumerate(rows, 2):
        body.append([_cell(f"{_column(k)}{i}", v, 2) for k, v in enumerate(row)])
    cols = "".join(f'<col min="{k + 1}" max="{k + 1}" width="{w}" customWidth="1"/>'
                   for k, w in enumerate(widths or [])) if widths else ""
    sheet_xml = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                 '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                 '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" state="frozen"/>'
                 '</sheetView></sheetViews>' + (f"<cols>{cols}</cols>" if cols else "") + "<sheetData>"
                 + "".join(f'<row r="{i}">{"".join(cells)}</row>' for i, cells in enumerate(body, 1))
                 + "</sheetData></worksheet>")
    book = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            f'<sheets><sheet name="{escape(sheet[:31])}" sheetId="1" r:id="rId1"/></sheets></workbook>')
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _CONTENT_TYPES)
        z.writestr("_rels/.rels", _ROOT_RELS)
        z.writestr("xl/workbook.xml", book)
        z.writestr("xl/_rels/workbook.xml.rels", _BOOK_RELS)
        z.writestr("xl/styles.xml", _STYLES)
        z.writestr("xl/worksheets/sheet1.xml", sheet_xml)
    return out.getvalue()
