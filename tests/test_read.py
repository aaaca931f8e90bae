"""Tests for ingest.read: encodings, formats, limits and the errors a user sees."""

from __future__ import annotations

import codecs
import io
import json
import os
import random
import string
from pathlib import Path

import docx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader, PdfWriter

from ingest.read import SUPPORTED, RawDocument, decode_text, iter_documents, read_bytes, read_document
from core.errors import InputError, ReadError
from conftest import SHARED_CORPUS

PLAN = "滨江区三年行动计划（2015-2017年）\n一、总体要求\n到2017年，力争实现营业收入1000亿元。\n"
CORPUS = SHARED_CORPUS


# ---------------------------------------------------------------- fixtures built in tmp_path


def make_pdf(lines: list[str]) -> bytes:
    """A one-page PDF with a Helvetica text layer, written by hand (ASCII only)."""
    content = "BT /F1 12 Tf 72 720 Td 14 TL " + " ".join(f"({line}) '" for line in lines) + " ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        "/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        f"<< /Length {len(content)} >>\nstream\n{content}\nendstream",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("ascii")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode("ascii")
    out += b"".join(f"{offset:010d} 00000 n \n".encode("ascii") for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode("ascii")
    return bytes(out)


def pdf_bytes(writer: PdfWriter) -> bytes:
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def make_docx(path: Path) -> Path:
    document = docx.Document()
    document.add_paragraph("一、总体要求")
    table = document.add_table(rows=2, cols=3)
    for r, row in enumerate([["指标", "2014年", "2017年"], ["营业收入", "600亿元", "1000亿元"]]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    document.add_paragraph("二、重点任务")
    document.save(path)
    return path


@pytest.fixture
def write(tmp_path):
    def _write(name: str, data: bytes) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return path

    return _write


def assert_read_error(exc: pytest.ExceptionInfo, *words: str) -> None:
    message = str(exc.value)
    assert "\n" not in message and "Traceback" not in message
    for word in words:
        assert word in message, f"{word!r} not in {message!r}"


# ---------------------------------------------------------------- plain text and encodings


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (PLAN.encode("utf-8"), "utf-8"),
        (PLAN.encode("utf-8-sig"), "utf-8-sig"),
        (PLAN.encode("utf-16"), "utf-16"),
        (codecs.BOM_UTF16_LE + PLAN.encode("utf-16-le"), "utf-16"),
        (codecs.BOM_UTF16_BE + PLAN.encode("utf-16-be"), "utf-16"),
        (PLAN.encode("utf-16-le"), "utf-16-le"),
        (PLAN.encode("utf-16-be"), "utf-16-be"),
        (PLAN.encode("gbk"), "gb18030"),
        (PLAN.encode("gb2312"), "gb18030"),
        (PLAN.encode("gb18030"), "gb18030"),
        ((PLAN + "刘䶮与€").encode("gb18030"), "gb18030"),  # GB18030 four-byte sequences
        (PLAN.replace("\n", "\r\n").encode("gbk"), "gb18030"),
    ],
)
def test_read_decode_text_detects_encoding(data, encoding):
    text, found = decode_text(data, "plan.txt")
    assert found == encoding
    assert text.replace("\r\n", "\n").startswith(PLAN)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "gbk", "gb18030"])
def test_read_document_txt_roundtrip(write, encoding):
    path = write("计划.txt", PLAN.encode(encoding))
    doc = read_document(str(path))
    assert doc == RawDocument(source=str(path), text=PLAN, encoding=doc.encoding, format="txt")
    assert read_document(path) == doc


def test_read_gbk_bytes_are_not_utf8():
    # the premise of "never mis-decode": GBK bytes of Chinese text fail strict UTF-8 early
    data = PLAN.encode("gbk")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert decode_text(data, "a.txt") == (PLAN, "gb18030")


@pytest.mark.parametrize(
    ("data", "offset"),
    [
        ("Café crème brûlée, naïve façade.".encode("latin-1"), 3),  # not GB18030 either
        ("滨江区规划".encode("utf-8")[:-1] + b"\n\xff", 12),
        ("臺北市推動智慧城市建設三年行動計畫，加強數位治理。".encode("big5"), 0),  # Big5 is not misread as GBK
    ],
)
def test_read_undecodable_names_utf8_offset(data, offset):
    with pytest.raises(ReadError) as exc:
        decode_text(data, "bad.txt")
    assert exc.value.offset == offset
    assert_read_error(exc, "bad.txt", f"byte {offset}", "UTF-8", "re-save")


@pytest.mark.parametrize("text", ["滨江计划", "项目建设", "一、总体要求，加快发展"])
def test_read_truncated_utf8_is_not_misread_as_gbk(text):
    data = text.encode("utf-8")[:-2]  # these happen to be valid GB18030 (mojibake like "婊ㄦ睙")
    with pytest.raises(ReadError) as exc:
        decode_text(data, "cut.txt")
    assert exc.value.offset == len(data) - 1
    assert_read_error(exc, "truncated")


def test_read_utf8_with_corrupt_byte_is_rejected():
    data = bytearray(PLAN.encode("utf-8") * 20)
    where = data.index(b"\n", 100)
    data[where] = 0xFF
    with pytest.raises(ReadError) as exc:
        decode_text(bytes(data), "x.txt")
    assert exc.value.offset == where


def test_read_utf8_mojibake_as_gbk_is_rejected():
    # UTF-8 that lost its first byte is valid GB18030 ("潥鎸佸垱鏂..."), but mostly rare characters
    sentence = "坚持创新驱动发展，加快建设数字经济强区，推动产业转型升级，提升城市国际化水平，优化营商环境，增进民生福祉"
    data = sentence.encode("utf-8")[1:145]
    assert data.decode("gb18030")
    with pytest.raises(ReadError) as exc:
        decode_text(data, "lost.txt")
    assert exc.value.offset == 0
    assert_read_error(exc, "not valid UTF-8", "GB18030")


PNG_HEADER = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00\x1f\xf3\xffa"


@pytest.mark.parametrize(
    "data",
    [
        PNG_HEADER,
        PNG_HEADER + bytes(200),
        random.Random(0).randbytes(4096),
        random.Random(1).randbytes(4097),
        b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00",  # a zip (e.g. .docx renamed .txt)
        "目标".encode("utf-8") + b"\x00\x01\x02\x03\x04\x05",
        b"\x01\x02\x03\x04\x05\x06 abc \x07\x08",
    ],
)
def test_read_binary_file_is_rejected(write, data):
    with pytest.raises(ReadError) as exc:
        read_document(write("image.txt", data))
    assert_read_error(exc, "image.txt", "binary file, not text")
    with pytest.raises(ReadError, match="binary file, not text"):
        read_bytes(data, "upload.txt")


@pytest.mark.parametrize(
    "data",
    [b"", b"   \n\t\r\n", "　\n　".encode("utf-8"), " \n".encode("utf-16"), codecs.BOM_UTF8],
)
def test_read_empty_file(write, data):
    with pytest.raises(ReadError) as exc:
        read_document(write("empty.txt", data))
    assert_read_error(exc, "empty.txt", "empty file")


@pytest.mark.parametrize(
    ("data", "text"),
    [
        ("滨江区行动计划\r\n\x1a".encode("gbk"), "滨江区行动计划\r\n\x1a"),  # DOS end-of-file mark
        ("第一章\f第二章".encode("utf-8"), "第一章\f第二章"),  # page break
    ],
)
def test_read_stray_control_character_is_still_text(data, text):
    assert decode_text(data, "old.txt")[0] == text


def test_read_bom_with_invalid_body_is_rejected():
    with pytest.raises(ReadError) as exc:
        decode_text(codecs.BOM_UTF8 + PLAN.encode("gbk"), "bom.txt")
    assert_read_error(exc, "byte-order mark", "utf-8-sig")


# ---------------------------------------------------------------- files, folders, extensions


def test_read_missing_file(tmp_path):
    with pytest.raises(ReadError) as exc:
        read_document(tmp_path / "无此文件.txt")
    assert_read_error(exc, "无此文件.txt", "no such file")
    assert isinstance(exc.value, InputError) and exc.value.source.endswith("无此文件.txt")


def test_read_fifo_is_rejected_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(ReadError) as exc:
        read_document(fifo)
    assert_read_error(exc, "pipe.txt", "not a regular file")


def test_read_directory_is_rejected(tmp_path):
    with pytest.raises(ReadError) as exc:
        read_document(tmp_path)
    assert_read_error(exc, str(tmp_path), "folder")


@pytest.mark.parametrize("name", ["plan.doc", "plan.xlsx", "README", "plan.txt.bak"])
def test_read_unsupported_extension_lists_supported(write, name):
    with pytest.raises(ReadError) as exc:
        read_document(write(name, PLAN.encode()))
    assert_read_error(exc, name, "unsupported", *SUPPORTED)
    with pytest.raises(ReadError):
        read_bytes(PLAN.encode(), name)


def test_read_extension_is_case_insensitive(write):
    assert read_document(write("PLAN.TXT", PLAN.encode())).format == "txt"
    assert read_bytes(b"<p>x</p>", "a.HTM").format == "html"


def test_read_iter_documents_expands_folders_sorted(tmp_path, write):
    for name in ["b/2.txt", "b/1.docx", "a.html", "c/d/e.pdf", "c/skip.png", ".hidden/x.txt",
                 "b/~$1.docx", "b/.DS_Store", "z.htm"]:
        write(name, b"x")
    explicit = write("notes.md", b"x")
    found = [p.relative_to(tmp_path).as_posix() for p in iter_documents([tmp_path, explicit, tmp_path / "gone.txt"])]
    assert found == ["a.html", "b/1.docx", "b/2.txt", "c/d/e.pdf", "z.htm", "notes.md", "gone.txt"]
    with pytest.raises(ReadError):
        read_document(explicit)


# ---------------------------------------------------------------- limits


def test_read_byte_limit_from_env(write, monkeypatch):
    path = write("big.txt", PLAN.encode())
    monkeypatch.setenv("POLICYKG_MAX_BYTES", "50")
    with pytest.raises(ReadError) as exc:
        read_document(path)
    assert_read_error(exc, "big.txt", f"{len(PLAN.encode())} bytes", "50-byte limit", "POLICYKG_MAX_BYTES")
    with pytest.raises(ReadError):
        read_bytes(PLAN.encode(), "big.txt")
    monkeypatch.setenv("POLICYKG_MAX_BYTES", "1000")
    assert read_document(path).text == PLAN


def test_read_char_limit_from_env(write, monkeypatch):
    monkeypatch.setenv("POLICYKG_MAX_CHARS", "10")
    with pytest.raises(ReadError) as exc:
        read_document(write("long.txt", PLAN.encode()))
    assert_read_error(exc, "long.txt", f"{len(PLAN)} characters", "10-character limit", "POLICYKG_MAX_CHARS")


def test_read_bad_limit_value(monkeypatch):
    monkeypatch.setenv("POLICYKG_MAX_CHARS", "lots")
    with pytest.raises(ReadError) as exc:
        read_bytes(PLAN.encode(), "a.txt")
    assert_read_error(exc, "POLICYKG_MAX_CHARS", "'lots'")


def test_read_default_byte_limit_is_64_mib(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as f:  # sparse file: no 64 MiB written, and it must be rejected before reading
        f.truncate(64 * 1024 * 1024 + 1)
    with pytest.raises(ReadError) as exc:
        read_document(path)
    assert_read_error(exc, "67,108,865 bytes", "67,108,864-byte limit", "POLICYKG_MAX_BYTES")


def test_read_20mb_text_is_size_error_or_correct_read(write, monkeypatch):
    line = "到2017年，滨江区力争实现营业收入1000亿元，新增上市企业10家。\n"
    data = (line * (20_000_000 // len(line.encode()))).encode()
    path = write("big.txt", data)
    with pytest.raises(ReadError) as exc:
        read_document(path)
    assert_read_error(exc, "characters", "4,000,000-character limit", "POLICYKG_MAX_CHARS")
    monkeypatch.setenv("POLICYKG_MAX_CHARS", "20000000")
    doc = read_document(path)
    assert doc.encoding == "utf-8" and len(doc.text) == len(data.decode()) and doc.text.startswith(line)


# ---------------------------------------------------------------- .docx


def test_read_docx_paragraphs_and_table_rows_in_body_order(tmp_path):
    doc = read_document(make_docx(tmp_path / "计划.docx"))
    assert doc.format == "docx" and doc.encoding == "docx"
    assert doc.text.split("\n") == ["一、总体要求", "指标\t2014年\t2017年", "营业收入\t600亿元\t1000亿元", "二、重点任务"]


def test_read_docx_merged_cell_appears_once(tmp_path):
    document = docx.Document()
    table = document.add_table(rows=1, cols=3)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "牵头单位"
    table.cell(0, 2).text = "区发改局"
    document.save(tmp_path / "m.docx")
    assert read_document(tmp_path / "m.docx").text == "牵头单位\t区发改局"


@pytest.mark.parametrize("cut", [0.5, 0.9, 0.1])
def test_read_docx_truncated(tmp_path, write, cut):
    data = make_docx(tmp_path / "ok.docx").read_bytes()
    with pytest.raises(ReadError) as exc:
        read_document(write("cut.docx", data[: int(len(data) * cut)]))
    assert_read_error(exc, "cut.docx", "not a valid .docx (damaged or truncated)")


def test_read_docx_that_is_plain_text(write):
    with pytest.raises(ReadError) as exc:
        read_document(write("fake.docx", PLAN.encode()))
    assert_read_error(exc, "not a valid .docx")


def test_read_docx_without_text_is_empty(tmp_path):
    docx.Document().save(tmp_path / "blank.docx")
    with pytest.raises(ReadError) as exc:
        read_document(tmp_path / "blank.docx")
    assert_read_error(exc, "empty file")


# ---------------------------------------------------------------- .html


HTML = """<!DOCTYPE html><html><head><meta charset="{charset}"><title>页面标题</title>
<style>p {{ color: red }}</style><script>var x = "<p>不要</p>";</script></head>
<body><h1>滨江区行动计划</h1><div>一、总体要求<br/>到2017年&nbsp;营业收入&gt;1000亿元&amp;</div>
<noscript>请启用脚本</noscript><ul><li>任务一</li><li>任务二</li></ul>
<table><tr><td>指标</td><td>目标</td></tr></table></body></html>"""


def html_lines(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n") if line.strip()]


@pytest.mark.parametrize(("charset", "encoding"), [("utf-8", "utf-8"), ("gb2312", "gb18030"), ("GBK", "gb18030")])
def test_read_html_visible_text_with_meta_charset(charset, encoding):
    doc = read_bytes(HTML.format(charset=charset).encode(encoding), "page.html")
    assert doc.format == "html" and doc.encoding == f"html:{encoding}"
    assert html_lines(doc.text) == ["滨江区行动计划", "一、总体要求", "到2017年\xa0营业收入>1000亿元&",
                                    "任务一", "任务二", "指标\t目标"]


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("<p>第一章</p><p>总则</p>".encode("gbk"), "html:gb18030"),  # no meta: detected like text
        ("<p>第一章</p><p>总则</p>".encode("utf-16"), "html:utf-16"),
        ('<meta charset="utf-8"><p>第一章</p><p>总则</p>'.encode("gbk"), "html:gb18030"),  # wrong label
        ('<meta charset="klingon"><p>第一章</p><p>总则</p>'.encode("utf-8"), "html:utf-8"),  # unknown label
    ],
)
def test_read_html_encoding_without_usable_meta(data, encoding):
    doc = read_bytes(data, "page.htm")
    assert doc.encoding == encoding and html_lines(doc.text) == ["第一章", "总则"]


def test_read_html_bom_wins_over_meta_charset():
    data = codecs.BOM_UTF8 + '<meta charset="gbk"><p>第一章</p>'.encode("utf-8")
    doc = read_bytes(data, "page.html")
    assert doc.encoding == "html:utf-8-sig" and html_lines(doc.text) == ["第一章"]


def test_read_html_unclosed_head_keeps_body():
    doc = read_bytes("<html><head><title>t</title><body><p>正文内容</p>".encode(), "a.html")
    assert html_lines(doc.text) == ["正文内容"]


def test_read_html_only_scripts_is_empty():
    with pytest.raises(ReadError) as exc:
        read_bytes(b"<html><head><title>x</title></head><body><script>1</script></body></html>", "a.html")
    assert_read_error(exc, "empty file")


@pytest.mark.issue(17)
@pytest.mark.parametrize(("markup", "lines"), [
    ('<p title="a>b">正文</p>', ["正文"]),                    # a quoted '>' does not end the tag
    ("<p>甲</p><!-- 注释 <p>乙</p>", ["甲"]),                 # an unclosed comment hides the rest, as in browsers
    ("<p>甲</p><script>var a = '<p>乙</p>'", ["甲"]),         # so does an unclosed script
    ("<p>1 < 2 <<< 3</p>", ["1 < 2 <<< 3"]),                  # a '<' that starts no tag is text
    ("<p>甲</ p><p>乙&amp;&#20013;</p>", ["甲", "乙&中"]),   # a bogus end tag is dropped, references decoded
])
def test_read_html_malformed_markup(markup, lines):
    assert html_lines(read_bytes(markup.encode(), "a.html").text) == lines


@pytest.mark.issue(17)
@pytest.mark.parametrize("unit", ["<!a", "<", "<a title=\"x", "&#1", "<!--x-->"])
def test_read_html_hostile_repetition_reads_as_text_or_nothing(unit):
    """Patterns the standard library's HTMLParser rescans (``<!a`` repeated: a search to the end
    for every one) are one linear pass here; speed is measured by bench/adversarial.py."""
    data = ("<p>甲</p>" + unit * 50_000).encode()
    assert read_bytes(data, "a.html").text.startswith("\n甲\n")


@pytest.mark.issue(17)
def test_read_html_with_too_many_tokens_is_refused(monkeypatch):
    from ingest import read

    monkeypatch.setattr(read, "MAX_HTML_TOKENS", 100)
    with pytest.raises(ReadError, match=r"a.html: more than 100 tags and pieces of text \(at character"):
        read.read_bytes(b"<p>1%</p>" * 100, "a.html")


# ---------------------------------------------------------------- .pdf


def test_read_pdf_text_layer(write):
    doc = read_document(write("plan.pdf", make_pdf(["Binjiang Action Plan 2015-2017", "Target: 1000 firms"])))
    assert doc.format == "pdf" and doc.encoding == "pdf"
    assert doc.text.split("\n") == ["Binjiang Action Plan 2015-2017", "Target: 1000 firms"]


def test_read_pdf_pages_joined_with_newline():
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf(["Page one"]))))
    writer.append(PdfReader(io.BytesIO(make_pdf(["Page two"]))))
    assert read_bytes(pdf_bytes(writer), "two.pdf").text == "Page one\nPage two"


def test_read_pdf_blank_page_has_no_text_layer():
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    with pytest.raises(ReadError) as exc:
        read_bytes(pdf_bytes(writer), "scan.pdf")
    assert_read_error(exc, "scan.pdf", "no text layer", "scanned", "ocrmypdf")


def test_read_pdf_encrypted_needs_password():
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf(["Secret plan"]))))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    with pytest.raises(ReadError) as exc:
        read_bytes(pdf_bytes(writer), "locked.pdf")
    assert_read_error(exc, "locked.pdf", "encrypted", "password", "no text layer", "ocrmypdf")


def test_read_pdf_owner_password_only_is_readable():
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf(["Open plan"]))))
    writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
    assert read_bytes(pdf_bytes(writer), "open.pdf").text == "Open plan"


@pytest.mark.parametrize("cut", [0.5, 0.2])
def test_read_pdf_damaged(cut, capsys):
    data = make_pdf(["Binjiang"])
    with pytest.raises(ReadError) as exc:
        read_bytes(data[: int(len(data) * cut)], "cut.pdf")
    assert_read_error(exc, "cut.pdf", "not a valid PDF (damaged or truncated)")
    assert capsys.readouterr().err == ""


def test_read_pdf_that_is_not_a_pdf():
    with pytest.raises(ReadError) as exc:
        read_bytes(PLAN.encode(), "plan.pdf")
    assert_read_error(exc, "not a valid PDF")


# ---------------------------------------------------------------- properties and the real corpus

ASCII = string.ascii_letters + string.digits + string.punctuation + " \t\n"
CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
# Hanzi whose GB2312 bytes end in 0xC0-0xFE: such a pair can never be valid UTF-8, so any text holding
# one is unambiguous; text without one is ASCII, where every encoding agrees.
GB_UNAMBIGUOUS = "".join(
    ch for lead in range(0xB0, 0xF8) for trail in range(0xC0, 0xFF)
    for ch in [bytes([lead, trail]).decode("gb2312", "ignore")] if ch
)


@settings(max_examples=150, deadline=None)
@given(text=st.text(st.one_of(CJK, st.sampled_from(ASCII)), min_size=1),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]))
def test_read_decode_text_roundtrip_unicode(text, encoding):
    assert decode_text(text.encode(encoding), "p.txt")[0] == text


@settings(max_examples=150, deadline=None)
@given(text=st.text(st.sampled_from(GB_UNAMBIGUOUS + ASCII), min_size=1))
def test_read_decode_text_roundtrip_gb18030(text):
    assert decode_text(text.encode("gb18030"), "p.txt")[0] == text


@pytest.fixture
def corpus_files():
    if not CORPUS.is_dir():
        pytest.skip(f"{CORPUS} not present")
    return sorted(CORPUS.glob("*.txt"))


def test_read_real_corpus_in_every_encoding(corpus_files):
    assert corpus_files
    for path in corpus_files:
        doc = read_document(path)
        assert doc.encoding == "utf-8" and doc.text.strip()
        for encoding in ("gb18030", "utf-16", "utf-16-le", "utf-8-sig"):
            assert decode_text(doc.text.encode(encoding), path.name)[0] == doc.text, (path.name, encoding)


W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _docx_with_body(path: Path, paragraphs) -> Path:
    """A minimal .docx whose body is the given paragraph texts (streamed into the zip)."""
    import zipfile

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        with z.open("word/document.xml", "w", force_zip64=True) as f:
            f.write(f"<w:document {W_NS}><w:body>".encode())
            for text in paragraphs:
                f.write(f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>".encode())
            f.write(b"</w:body></w:document>")
    return path


def test_read_docx_zip_bomb_is_refused(tmp_path, monkeypatch):
    from ingest import read

    monkeypatch.setattr(read, "MAX_UNZIPPED_BYTES", 1_000_000)
    path = _docx_with_body(tmp_path / "bomb.docx", ["一" * 1000] * 2000)
    with pytest.raises(ReadError, match="unpacks to more than 1 MB"):
        read.read_document(path)


@pytest.mark.issue(10)
def test_read_docx_whose_directory_understates_sizes_is_refused(tmp_path):
    import struct

    path = _docx_with_body(tmp_path / "liar.docx", ["一" * 1000] * 200)
    data = bytearray(path.read_bytes())
    at = data.rindex(b"PK\x01\x02")            # the central directory entry of document.xml
    data[at + 24:at + 28] = struct.pack("<I", 4000)  # claim 4,000 bytes uncompressed
    path.write_bytes(bytes(data))
    with pytest.raises(ReadError, match="liar.docx.*not a valid .docx"):
        read_document(path)


@pytest.mark.issue(10)
def test_read_docx_far_over_the_character_limit_stops_early_in_flat_memory(tmp_path):
    """400 MB of text: refused after the first characters over the limit, not after unpacking it."""
    import subprocess
    import sys

    path = _docx_with_body(tmp_path / "huge.docx", ("政策文本" * 2500 for _ in range(13_000)))
    assert path.stat().st_size < 20 * 2**20
    # the peak is read from /proc (VmHWM): a fresh process's getrusage peak can carry the RSS
    # of the process it was forked from
    probe = ("import re, sys, time; from ingest.read import read_document\n"
             "t = time.time()\ntry: read_document(sys.argv[1])\nexcept Exception as e: print(e)\n"
             "print(time.time() - t)\n"
             "print(int(re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1)) // 1024)")
    out = subprocess.run([sys.executable, "-c", probe, str(path)], capture_output=True, text=True,
                         cwd=Path(__file__).resolve().parents[1], timeout=300)
    message, _seconds, peak_mb = out.stdout.strip().splitlines()
    assert "huge.docx" in message and "4,000,000-character limit" in message
    assert int(peak_mb) < 400  # speed is measured by bench/adversarial.py, never asserted here


def _docx_part(path: Path, *pieces: bytes) -> Path:
    """A .docx whose word/document.xml is the given bytes, streamed (a piece may be written many times)."""
    import zipfile

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        with z.open("word/document.xml", "w", force_zip64=True) as f:
            for piece in pieces:
                f.write(piece)
    return path


BODY = f"<w:document {W_NS}><w:body>".encode()


@pytest.mark.issue(17)
@pytest.mark.parametrize("name, pieces", [
    ("zeros", [b"0" * 2**20] * 3),                                  # junk where the document element should be
    ("open-tag", [b"<", b"a" * 2**20 * 3]),                          # a tag that never ends
    ("comment", [BODY, b"<!--", (b"0" * 1023 + b">") * 3 * 1024]),   # '>' inside does not end a comment
    ("attribute", [BODY, b'<w:p w:x="', (b"0" * 1023 + b">") * 3 * 1024]),
])
def test_read_docx_with_a_token_no_word_processor_writes_is_refused_where_it_is(tmp_path, name, pieces):
    """expat rescans an unfinished token on every feed (quadratic): one over 1 MB is refused."""
    with pytest.raises(ReadError) as exc:
        read_document(_docx_part(tmp_path / f"{name}.docx", *pieces))
    message = str(exc.value)
    assert f"{name}.docx: word/document.xml has no element or text from byte " in message
    assert "over 1 MB" in message and message.count(f"{name}.docx") == 1


@pytest.mark.issue(17)
def test_read_docx_long_text_between_tags_is_read_as_it_streams(tmp_path):
    """Text is not a token: a 3 MB run reads (it gives events as it streams)."""
    path = _docx_part(tmp_path / "long.docx", BODY, b"<w:p><w:r><w:t>", "政策".encode() * 2**19,
                      b"</w:t></w:r></w:p></w:body></w:document>")
    assert read_document(path).text == "政策" * 2**19


@pytest.mark.issue(17)
def test_read_docx_deep_nesting_and_document_types_are_refused(tmp_path):
    with pytest.raises(ReadError, match=r"deep.docx: word/document.xml nests elements deeper than 512 at byte"):
        read_document(_docx_part(tmp_path / "deep.docx", BODY, b"<w:p>" * 10_000))
    laughs = (b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
              + BODY + b"<w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>")
    with pytest.raises(ReadError, match=r"dtd.docx: word/document.xml declares a document type at byte \d+"):
        read_document(_docx_part(tmp_path / "dtd.docx", laughs))


@pytest.mark.issue(17)
def test_read_docx_with_too_many_elements_is_refused(tmp_path, monkeypatch):
    from ingest import read

    monkeypatch.setattr(read, "MAX_XML_ELEMENTS", 1000)
    with pytest.raises(ReadError, match=r"many.docx: word/document.xml has more than 1,000 elements at byte"):
        read.read_document(_docx_part(tmp_path / "many.docx", BODY, b"<a/>" * 2000))


@pytest.mark.issue(17)
def test_read_docx_tab_stops_are_not_tabs_and_runs_join(tmp_path):
    para = (b"<w:p><w:pPr><w:tabs><w:tab w:val='left' w:pos='720'/></w:tabs></w:pPr>"
            b"<w:r><w:t>\xe4\xb8\x80</w:t><w:tab/><w:t>a</w:t><w:br/></w:r><w:r><w:t>b</w:t></w:r></w:p>")
    path = _docx_part(tmp_path / "tabs.docx", BODY, para, b"</w:body></w:document>")
    assert read_document(path).text == "一\ta\nb"


# ---------------------------------------------------------------- paths that are not plain files (issue 10)


@pytest.mark.issue(10)
def test_read_file_in_an_unreadable_folder_says_permission(tmp_path, monkeypatch):
    target = tmp_path / "locked" / "plan.txt"
    real_stat = Path.stat

    def stat(self, *args, **kwargs):
        if self == target:
            raise PermissionError(13, "Permission denied", str(self))
        return real_stat(self, *args, **kwargs)

    monkeypatch.setattr(Path, "stat", stat)
    with pytest.raises(ReadError) as exc:
        read_document(target)
    assert_read_error(exc, "plan.txt", "permission denied (on the file or a folder above it)")


@pytest.mark.issue(10)
def test_read_unreadable_subfolder_is_reported_not_skipped(tmp_path, write, monkeypatch):
    write("ok/a.txt", PLAN.encode())
    write("locked/b.txt", PLAN.encode())
    locked = tmp_path / "locked"
    real_scandir = os.scandir

    def scandir(path="."):
        if os.fspath(path) == str(locked):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    found = list(iter_documents([tmp_path]))
    assert found == [locked, tmp_path / "ok" / "a.txt"]
    with pytest.raises(ReadError) as exc:
        read_document(locked)
    assert_read_error(exc, "locked", "a folder that cannot be read (permission denied): its files were skipped")


@pytest.mark.issue(10)
def test_read_symbolic_link_loop_and_dangling_link_say_so(tmp_path):
    (tmp_path / "a.txt").symlink_to(tmp_path / "b.txt")
    (tmp_path / "b.txt").symlink_to(tmp_path / "a.txt")
    (tmp_path / "gone.txt").symlink_to(tmp_path / "missing.txt")
    with pytest.raises(ReadError) as exc:
        read_document(tmp_path / "a.txt")
    assert_read_error(exc, "a.txt", "a loop of symbolic links")
    with pytest.raises(ReadError) as exc:
        read_document(tmp_path / "gone.txt")
    assert_read_error(exc, "gone.txt", "a symbolic link to a missing file", "missing.txt")


@pytest.mark.issue(10)
def test_read_non_utf8_file_name_parses_ingests_and_prints(tmp_path):
    import json
    import subprocess
    import sys

    folder = os.fsencode(tmp_path)
    name = folder + b"/\xff\xfe\xe8\xae.txt"
    with open(name, "wb") as f:
        f.write(PLAN.encode())
    root = Path(__file__).resolve().parents[1]
    run = lambda *args: subprocess.run([sys.executable, "-m", "policykg.cli", *args],  # noqa: E731
                                       capture_output=True, cwd=root, timeout=120)
    out = run(b"parse", name, b"--format", b"json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["plan"]["source"] == "\ufffd\ufffd\ufffd.txt"
    out = run(b"ingest", name, b"--store", folder + b"/kg.lbug")
    assert out.returncode == 0 and "\ufffd\ufffd\ufffd.txt" in out.stdout.decode(), out.stderr.decode()
    out = run(b"parse", folder + b"/\xff-missing.txt")
    assert out.returncode == 1 and out.stderr.decode().count("\n") == 1 and "\ufffd-missing.txt" in out.stderr.decode()


@pytest.mark.issue(10)
def test_read_parse_plan_accepts_lone_surrogates():
    from ingest.parse import parse_plan

    doc = parse_plan("示例三年行动计划\n一、推进研发。\udcff新增孵化器20家。", source="x\udcff.txt")
    assert "\ufffd" in doc.text and doc.plan.source == "x\ufffd.txt"
    json.dumps(doc.to_json(), ensure_ascii=False).encode("utf-8")  # writes as UTF-8
