"""Read a plan file (.txt, .docx, .html/.htm, .pdf) into raw text, detecting its encoding.

This is the only I/O edge of ``ingest/``: everything after it works on ``RawDocument.text``.
The text is returned as decoded or extracted; cleaning is another module's job.

Encoding detection is deterministic and strict, so a file is never silently mis-decoded:
byte-order marks first, then strict UTF-8, then UTF-16 without BOM (recognised by its NUL
bytes), then strict GB18030 (a superset of GBK and GB2312) when the result looks like Chinese.

>>> decode_text("滨江区三年行动计划".encode("gbk"), "plan.txt")
('滨江区三年行动计划', 'gb18030')
"""

from __future__ import annotations

import codecs
import errno
import html
import io
import logging
import os
import pyexpat
import re
import stat
import xml.etree.ElementTree as ET
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from core.errors import ReadError

#: the suffixes a plan file may have, and the reader each one takes (the CLI's help and the UI's
#: uploader list these)
FORMATS = {".txt": "txt", ".docx": "docx", ".html": "html", ".htm": "html", ".pdf": "pdf"}
SUPPORTED = tuple(FORMATS)
_DEFAULT_MAX_BYTES = 64 * 1024 * 1024
_DEFAULT_MAX_CHARS = 4_000_000
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_RE_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")  # C0 controls other than \t \n \v \f \r
_RE_UNUSUAL = re.compile(  # outside ASCII, Latin-1, punctuation, CJK symbols, CJK ideographs, full-width forms
    "[^\t\n\r\x20-\x7e\xa0-\xff\u2000-\u206f\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]"
)
_RE_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_HTML_SKIP = frozenset({"script", "style", "noscript", "head", "template"})
_HTML_BLOCK = frozenset(
    "p div br li h1 h2 h3 h4 h5 h6 tr table section article ul ol dl dt dd blockquote pre hr".split()
)
_GB_ALIASES = {"gb2312", "gbk", "gb18030", "x-gbk", "cp936", "euc-cn"}  # read all of these as GB18030


@dataclass(frozen=True)
class RawDocument:
    """One file's text as read, before any cleaning."""

    source: str  # file name as given
    text: str
    encoding: str  # "utf-8", "utf-8-sig", "utf-16", "gb18030", ..., "docx", "pdf", "html:<enc>"
    format: str  # "txt" | "docx" | "html" | "pdf"


def _limit(var: str, default: int, source: str) -> int:
    raw = os.environ.get(var, "").strip()
    if not raw:
        return default
    if not raw.isdigit():
        raise ReadError(source, f"{var}={raw!r} is not a whole number; unset it or give a positive integer")
    return int(raw)


def _check_bytes(size: int, source: str) -> None:
    limit = _limit("POLICYKG_MAX_BYTES", _DEFAULT_MAX_BYTES, source)
    if size > limit:
        raise ReadError(source, f"file is {size:,} bytes, over the {limit:,}-byte limit; "
                                f"set POLICYKG_MAX_BYTES to a larger number to read it")


def _check_text(text: str, source: str) -> None:
    limit = _limit("POLICYKG_MAX_CHARS", _DEFAULT_MAX_CHARS, source)
    if len(text) > limit:
        raise ReadError(source, f"extracted text is {len(text):,} characters, over the {limit:,}-character "
                                f"limit; set POLICYKG_MAX_CHARS to a larger number to read it")
    if not text.strip():
        raise ReadError(source, "empty file: it contains no text (only whitespace or nothing)")


def _looks_binary(text: str) -> bool:
    """NULs, or more than 1% control characters (one stray ``\x1a`` at the end is tolerated)."""
    return "\x00" in text or len(_RE_CONTROL.findall(text)) > 1 + len(text) // 100


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """Decode UTF-16 without BOM in the byte order that gives plausible Chinese/ASCII text, else None."""
    best = None
    for encoding in ("utf-16-le", "utf-16-be"):
        text = _strict(data, encoding)
        if text is not None:
            sample = text[:32768]  # the wrong byte order turns most characters into unusual ones
            unusual = len(_RE_UNUSUAL.findall(sample))
            if unusual <= len(sample) // 20 and (best is None or unusual < best[0]):
                best = (unusual, text, encoding)
    return None if best is None else best[1:]


def _looks_chinese(text: str) -> bool:
    """True when most non-ASCII characters are common (GB2312) ones; mojibake fails this."""
    non_ascii = len(text) - len(text.encode("ascii", "ignore"))
    common = len(text.encode("gb2312", "ignore").decode("gb2312")) - (len(text) - non_ascii)
    return non_ascii == 0 or common >= 0.8 * non_ascii


def decode_text(data: bytes, source: str) -> tuple[str, str]:
    """Decode a text file's bytes, returning ``(text, encoding name)``.

    Raises
    ------
    ReadError
        For binary data, or bytes that are none of UTF-8, UTF-16 and GB18030 (with the byte
        offset where UTF-8 decoding failed).

    Examples
    --------
    >>> decode_text("一、总体要求".encode("utf-16"), "a.txt")
    ('一、总体要求', 'utf-16')
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = _strict(data, encoding)
            if text is None or _looks_binary(text):
                raise ReadError(source, f"starts with a {encoding} byte-order mark but is not valid {encoding} "
                                        "text; re-save it as UTF-8")
            return text, encoding
    try:
        text = data.decode("utf-8")
        if not _looks_binary(text):
            return text, "utf-8"
        bad = None
    except UnicodeDecodeError as exc:
        bad = exc.start
        if exc.reason == "unexpected end of data" and not data[:bad].isascii():
            raise ReadError(source, "UTF-8 text that ends in the middle of a character: the file is "
                                    "truncated; copy or download it again", offset=bad) from None
    if b"\x00" in data:  # ASCII characters in UTF-16 carry NUL bytes
        found = _utf16_without_bom(data)
        if found and not _looks_binary(found[0]):
            return found
    else:
        text = _strict(data, "gb18030")
        if text is not None and not _looks_binary(text) and _looks_chinese(text):
            return text, "gb18030"
    if _looks_binary(data.decode("latin-1")):
        raise ReadError(source, "binary file, not text; give a .txt, .docx, .html or .pdf plan document")
    raise ReadError(source, "cannot decode: not valid UTF-8 at this byte, and not UTF-16 or GB18030/GBK "
                            "either; re-save the file as UTF-8", offset=bad)


#: the most tokens (tags and pieces of text) an HTML file may have: a 4M-character page has a
#: few hundred thousand, and each costs about a microsecond however small it is
MAX_HTML_TOKENS = 2_000_000
#: one token of HTML, found in time linear in the page: no part of the pattern can scan past the
#: next ``<`` except a comment or a script/style body, which run to their end or the end of the
#: page (as in browsers), so nothing is rescanned. A ``<`` that starts no tag is text.
_RE_HTML_TOKEN = re.compile(
    r"""<!--.*?(?:-->|\Z)
      | <(?P<raw>script|style)\b(?:[^<>"']|"[^"<]*"|'[^'<]*')*+>.*?(?:</(?P=raw)\s*>|\Z)
      | <(?P<end>/?)(?P<tag>[a-z][a-z0-9:-]*)(?:[^<>"']|"[^"<]*"|'[^'<]*')*+>
      | <[!?/][^<>]*+>
      | (?P<text>(?:[^<]|<(?![a-z!?/]))++|<)""",
    re.S | re.I | re.X,
)


class _HTMLText:
    """Visible text of a page: skips script/style/head, breaks lines at block elements,
    character references decoded."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.parts: list[str] = []
        self.skip = 0

    def feed(self, markup: str) -> str:
        for count, match in enumerate(_RE_HTML_TOKEN.finditer(markup)):
            if count >= MAX_HTML_TOKENS:
                raise ReadError(self.source, f"more than {MAX_HTML_TOKENS:,} tags and pieces of text (at "
                                             f"character {match.start():,}); it is not an ordinary page: "
                                             "save its text as .txt")
            kind = match.lastgroup
            if kind == "text":
                if not self.skip:
                    text = match.group()
                    self.parts.append(html.unescape(text) if "&" in text else text)
            elif kind == "tag":
                if match.group("end"):
                    self.end(match.group("tag").lower())
                else:
                    self.start(match.group("tag").lower())
        return "".join(self.parts)

    def start(self, tag: str) -> None:
        if tag == "body":
            self.skip = 0  # a missing </head> must not hide the body
        if tag in _HTML_SKIP:
            self.skip += 1
        elif tag in ("td", "th") and self.parts and not self.parts[-1].endswith("\n"):
            self.parts.append("\t")
        elif tag in _HTML_BLOCK:
            self.parts.append("\n")

    def end(self, tag: str) -> None:
        if tag in _HTML_SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in _HTML_BLOCK:
            self.parts.append("\n")


def _read_html(data: bytes, source: str) -> tuple[str, str]:
    match = _RE_META_CHARSET.search(data[:4096])
    declared = match.group(1).decode("ascii").lower() if match else None
    if declared and not any(data.startswith(bom) for bom, _ in _BOMS):
        encoding = "gb18030" if declared in _GB_ALIASES else declared
        try:
            markup = data.decode(encoding)
        except (LookupError, UnicodeDecodeError):  # unknown or wrong label: detect as for plain text
            markup, encoding = decode_text(data, source)
    else:
        markup, encoding = decode_text(data, source)
    return _HTMLText(source).feed(markup), f"html:{encoding}"


#: a .docx whose main part unpacks to more than this is refused while it is read (a zip bomb,
#: or a directory that understates sizes, cannot make it read more)
MAX_UNZIPPED_BYTES = 256 * 2**20
#: a stretch of ``word/document.xml`` this long without a parse event (an element's start or
#: end, or text) is refused: it is one tag, comment or reference, and Word writes a few KB at most.
#: expat rescans an unfinished token on every feed, so a longer one would cost time quadratic in
#: its length; fed a block this size at a time, each byte is scanned at most three times
MAX_XML_TOKEN_BYTES = 2**20
#: the deepest nesting of elements read (Word's nested tables reach a few dozen)
MAX_XML_DEPTH = 512
#: the most elements read: a 4M-character document written by Word has about 2M, and each costs
#: a few microseconds in Python however small it is
MAX_XML_ELEMENTS = 8_000_000
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main "
_P, _T, _R, _TAB, _TBL, _TR, _TC = (_W + t for t in ("p", "t", "r", "tab", "tbl", "tr", "tc"))
_BREAKS = frozenset((_W + "br", _W + "cr"))
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_CHUNK = 1 << 16


def _budgeted(member, source: str) -> Iterator[bytes]:
    """The member's bytes as they inflate, refused past :data:`MAX_UNZIPPED_BYTES`."""
    read = 0
    while chunk := member.read(_CHUNK):
        read += len(chunk)
        if read > MAX_UNZIPPED_BYTES:
            raise ReadError(source, f"this .docx unpacks to more than {MAX_UNZIPPED_BYTES / 2**20:.0f} MB "
                                    "(whatever its zip directory claims); it is not an ordinary document")
        yield chunk


def _blocks(chunks: Iterable[bytes], size: int) -> Iterator[bytes]:
    """The chunks joined into blocks of at least ``size`` bytes (the last may be shorter)."""
    held: list[bytes] = []
    count = 0
    for chunk in chunks:
        held.append(chunk)
        count += len(chunk)
        if count >= size:
            yield b"".join(held)
            held, count = [], 0
    if held:
        yield b"".join(held)


def _main_part(z: zipfile.ZipFile) -> str:
    """The document part named by the package relationships (normally word/document.xml)."""
    try:
        with z.open("_rels/.rels") as f:
            rels = ET.fromstring(f.read(2**20))
    except (KeyError, ET.ParseError):
        return "word/document.xml"
    for rel in rels.iter(_RELS + "Relationship"):
        if rel.get("Type", "").endswith("/officeDocument"):
            return rel.get("Target", "word/document.xml").lstrip("/")
    return "word/document.xml"


class _DocxText:
    """Expat handlers that collect the body text as lines: a line per paragraph, a tab-joined
    line per table row (each cell once, its paragraphs joined by newlines); tabs and breaks
    kept. No tree is built and the character limit holds at every piece of text, so memory
    stays flat however long or wide the part, and a huge document stops early."""

    def __init__(self, source: str, part: str, max_chars: int) -> None:
        self.source, self.part, self.max_chars = source, part, max_chars
        self.parser = pyexpat.ParserCreate(namespace_separator=" ")
        self.parser.buffer_text = True
        self.parser.ordered_attributes = True  # a list is cheaper to build than a dict
        self.parser.StartElementHandler = self.start
        self.parser.EndElementHandler = self.end
        self.parser.CharacterDataHandler = self.data
        self.parser.StartDoctypeDeclHandler = self.doctype
        self.stack: list[str] = []
        self.lines: list[str] = []
        self.para: list[str] = []
        self.cells: list[str] = []
        self.cell: list[str] = []
        self.tables = self.chars = self.events = self.elements = 0
        self.in_text = False

    def refuse(self, what: str) -> ReadError:
        return ReadError(self.source, f"{self.part} {what}, which no word processor writes; it is not an "
                                      "ordinary document: open and re-save it in Word or WPS")

    def feed(self, blocks: Iterable[bytes]) -> list[str]:
        fed = 0
        for block in blocks:
            before = self.events
            self.parser.Parse(block, False)
            if self.events == before and len(block) >= MAX_XML_TOKEN_BYTES:
                raise self.refuse(f"has no element or text from byte {fed:,} to {fed + len(block):,} (a tag, "
                                  f"comment or reference over {MAX_XML_TOKEN_BYTES // 2**20} MB, or junk outside "
                                  "the document element)")
            fed += len(block)
        self.parser.Parse(b"", True)
        return self.lines

    def doctype(self, *_args) -> None:
        raise self.refuse(f"declares a document type at byte {self.parser.CurrentByteIndex:,} (its entities "
                          "could expand without bound)")

    def start(self, tag: str, _attrs) -> None:
        self.events += 1
        self.elements += 1
        self.stack.append(tag)
        if len(self.stack) > MAX_XML_DEPTH or self.elements > MAX_XML_ELEMENTS:
            what = (f"nests elements deeper than {MAX_XML_DEPTH}" if len(self.stack) > MAX_XML_DEPTH
                    else f"has more than {MAX_XML_ELEMENTS:,} elements")
            raise self.refuse(f"{what} at byte {self.parser.CurrentByteIndex:,}")
        if tag == _T:
            self.in_text = True
        elif tag == _P:
            self.para = []
        elif tag == _TBL:
            self.tables += 1

    def data(self, text: str) -> None:
        self.events += 1
        if self.in_text:
            self.add(text)

    def add(self, text: str) -> None:
        self.para.append(text)
        self.count(len(text))

    def count(self, chars: int) -> None:
        self.chars += chars
        if self.chars > self.max_chars:
            raise ReadError(self.source, f"extracted text is over the {self.max_chars:,}-character limit; "
                                         "set POLICYKG_MAX_CHARS to a larger number to read it")

    def end(self, tag: str) -> None:
        self.events += 1
        self.stack.pop()
        if tag == _T:
            self.in_text = False
        elif tag == _P:
            self.count(1)  # the line break that joins it to the next line
            if self.tables == 0:
                self.lines.append("".join(self.para))
            elif self.tables == 1:
                self.cell.append("".join(self.para))
        elif tag == _TAB or tag in _BREAKS:
            if self.stack and self.stack[-1] == _R:  # not a tab stop of the paragraph's properties
                self.add("\t" if tag == _TAB else "\n")
        elif tag == _TC and self.tables == 1:
            self.cells.append("\n".join(self.cell))
            self.cell = []
        elif tag == _TR and self.tables == 1:
            self.lines.append("\t".join(self.cells))
            self.cells = []
        elif tag == _TBL:
            self.tables -= 1


def _read_docx(data: bytes, source: str) -> str:
    max_chars = _limit("POLICYKG_MAX_CHARS", _DEFAULT_MAX_CHARS, source)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            part = _main_part(z)
            with z.open(part) as member:
                return "\n".join(_DocxText(source, part, max_chars).feed(_blocks(_budgeted(member, source), MAX_XML_TOKEN_BYTES)))
    except ReadError:
        raise
    except (zipfile.BadZipFile, KeyError, ET.ParseError, pyexpat.ExpatError, zlib.error, EOFError, OSError, ValueError) as exc:
        raise ReadError(source, f"not a valid .docx (damaged or truncated): {type(exc).__name__}; "
                                "open and re-save it in Word or WPS") from None


def _decrypt_empty(reader) -> bool:
    """Open a PDF protected only by an owner password, as viewers do; False if a password is needed."""
    from pypdf.errors import PyPdfError

    try:
        return bool(reader.decrypt(""))
    except PyPdfError:  # e.g. AES without the optional crypto package
        return False


def _read_pdf(data: bytes, source: str) -> str:
    from pypdf import PdfReader

    hint = "it has no text layer (a scanned image?); run OCR first, e.g. `ocrmypdf in.pdf out.pdf`"
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.ERROR)  # its warnings would add stray lines to stderr
    try:
        reader = PdfReader(io.BytesIO(data))
        encrypted = reader.is_encrypted and not _decrypt_empty(reader)
        pages = [] if encrypted else [page.extract_text() or "" for page in reader.pages]
    except Exception as exc:  # a damaged PDF raises many kinds (PdfReadError, KeyError, zlib.error, ...)
        raise ReadError(source, f"not a valid PDF (damaged or truncated): {type(exc).__name__}: {exc}; "
                                "re-export it from the original application") from None
    finally:
        logger.setLevel(level)
    if encrypted:
        raise ReadError(source, "encrypted PDF: its text cannot be read without the password; save an "
                                "unprotected copy (e.g. `qpdf --decrypt`), or if it is scanned, " + hint)
    if not "".join(pages).strip():
        raise ReadError(source, f"no text found on {len(pages)} PDF page(s): {hint}")
    return "\n".join(pages)


def _format_of(name: str) -> str:
    fmt = FORMATS.get(Path(name).suffix.lower())
    if fmt is None:
        raise ReadError(name, f"unsupported file type {Path(name).suffix or '(none)'!r}; "
                              f"supported: {', '.join(SUPPORTED)}; save or convert it to one of these")
    return fmt


def read_bytes(data: bytes, name: str) -> RawDocument:
    """Read an uploaded file's bytes; the format comes from ``name``'s extension.

    >>> read_bytes("第一章 总则".encode("utf-8-sig"), "plan.txt").encoding
    'utf-8-sig'
    """
    fmt = _format_of(name)
    _check_bytes(len(data), name)
    if not data.strip():
        raise ReadError(name, "empty file: it contains no text (only whitespace or nothing)")
    if fmt == "txt":
        text, encoding = decode_text(data, name)
    elif fmt == "html":
        text, encoding = _read_html(data, name)
    else:
        text, encoding = (_read_docx if fmt == "docx" else _read_pdf)(data, name), fmt
    _check_text(text, name)
    return RawDocument(source=name, text=text, encoding=encoding, format=fmt)


_RE_NAME_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_NAME_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def display_name(path: str | os.PathLike) -> str:
    """A file name fit to print and store on one line: bytes of a name that are not UTF-8
    (which Python keeps as lone surrogates) become U+FFFD, and control characters (a newline
    is legal in a Unix file name) are written as escapes, so one file is always one line.

    >>> display_name(os.fsdecode(b"/tmp/\\xff\\xfe.txt"))
    '/tmp/\ufffd\ufffd.txt'
    >>> print(display_name("a\\nb\\x1b.txt"))
    a\\nb\\x1b.txt
    """
    name = os.fspath(path)
    name = os.fsencode(name).decode("utf-8", "replace") if isinstance(name, str) else os.fsdecode(name)
    return _RE_NAME_CONTROL.sub(lambda m: _NAME_ESCAPES.get(m.group(), f"\\x{ord(m.group()):02x}"), name)


def _stat(path: Path, source: str) -> os.stat_result:
    """The file's status, or a :class:`ReadError` that says what is wrong with the path."""
    try:
        return path.stat()
    except FileNotFoundError:
        if path.is_symlink():
            raise ReadError(source, f"a symbolic link to a missing file ({display_name(os.readlink(path))}); "
                                    "fix or remove the link") from None
        raise ReadError(source, "no such file; check the path") from None
    except PermissionError:
        raise ReadError(source, "permission denied (on the file or a folder above it); check the "
                                "permissions, or run as a user who may read it") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise ReadError(source, "a loop of symbolic links (they point at each other); point the "
                                    "link at a real file") from None
        raise ReadError(source, f"cannot read: {exc.strerror or exc}") from None


def read_document(path: str | os.PathLike) -> RawDocument:
    """Read one file from disk; see :func:`read_bytes`."""
    path, source = Path(path), display_name(path)
    st = _stat(path, source)
    if stat.S_ISDIR(st.st_mode):
        try:
            with os.scandir(path):
                pass
        except PermissionError:
            raise ReadError(source, "a folder that cannot be read (permission denied): its files were "
                                    "skipped; check its permissions") from None
        raise ReadError(source, "is a folder, not a file; pass a file, or a folder to `policykg ingest`")
    if not stat.S_ISREG(st.st_mode):  # a FIFO or device could block or never end
        raise ReadError(source, "not a regular file; pass a saved document file")
    _format_of(source)
    _check_bytes(st.st_size, source)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReadError(source, f"cannot read: {exc.strerror or exc}; check its permissions") from None
    return read_bytes(data, source)


def iter_documents(paths: Iterable[str | os.PathLike]) -> Iterator[Path]:
    """Yield the files to read: folders expand recursively (sorted) to supported files.

    Hidden files and folders and Word lock files (``~$...``) inside a folder are skipped;
    a path given explicitly is yielded as is, so :func:`read_document` can report it, and so is
    a folder inside that cannot be read (its report says its files were skipped). Symbolic
    links to folders are not followed (a link loop cannot make the walk endless).
    """
    for given in paths:
        path = Path(given)
        if not path.is_dir():
            yield path
            continue
        found: list[Path] = []
        unreadable: list[OSError] = []
        for root, dirs, files in os.walk(path, onerror=unreadable.append):
            dirs[:] = [d for d in dirs if not d.startswith((".", "~$"))]
            found += [Path(root) / f for f in files
                      if Path(f).suffix.lower() in SUPPORTED and not f.startswith((".", "~$"))]
        found += [Path(e.filename) for e in unreadable if e.filename]
        yield from sorted(found)
