"""From an uploaded file's bytes to a `SourceDocument` (planimport.source), by what the bytes are.

- DOCX (python-docx): paragraphs and tables in body order, bold and centered paragraphs, and the
  footnotes (word/footnotes.xml, which python-docx does not read).
- PDF with a text layer: the lines of each page in reading order (`hard_wrapped`) — pdfium
  (pypdfium2) for a page of text only, pdfplumber for a page that draws lines, with the tables it
  finds there in their place.
- PDF without one (a scan): each page rendered (pypdfium2) and read by Tesseract with its Vietnamese
  data (`ocr`); without Tesseract or its data the import is refused and says so.
- UTF-8 text: one paragraph per non-empty line (`hard_wrapped`).

Whatever cannot be read is an `InvalidInput` (a 400 that says why, before anything is written):
an empty file, one over PLANFLOW_IMPORT_MAX_BYTES, a corrupt or encrypted file, a macro-enabled
document, a ZIP that unpacks to too much (a zip bomb: checked from the archive's directory before
anything is unpacked), text that is not UTF-8, or a kind of file none of the above.
"""

import hashlib
import io
import re
import shutil
import subprocess
import zipfile
from functools import lru_cache

from django.conf import settings
from django.utils.translation import gettext as _
from lxml import etree

from config.refusals import InvalidInput
from config.request_limits import readable_size

from .source import SourceDocument, SourceFootnote, SourceParagraph, SourceTable

_PDF, _ZIP, _OLE = b"%PDF-", b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_OOXML = "EncryptionInfo".encode("utf-16-le")  # the stream an encrypted DOCX keeps in its OLE container
_MACRO_CONTENT_TYPE = b"application/vnd.ms-word.document.macroEnabled"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_ENCRYPT_ENTRY = re.compile(rb"/Encrypt\s*(?:\d+\s+\d+\s+R|<<)")
_BINARY_SIGNATURES = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"\x1f\x8b", b"Rar!", b"7z\xbc\xaf", b"MZ", b"\x7fELF")


def max_bytes():
    return settings.PLANFLOW_IMPORT_MAX_BYTES


def refuse(message):
    raise InvalidInput(message, errors={"file": [message]})


def check_size(size):
    """Refuse an empty file or one over the limit, from its size alone (before it is read)."""
    if size == 0:
        refuse(_("Tệp rỗng: không có gì để nhập."))
    if size > max_bytes():
        refuse(_("Tệp quá lớn (tối đa %(size)s).") % {"size": readable_size(max_bytes())})


def read_upload(data: bytes) -> SourceDocument:
    """The `SourceDocument` of an uploaded file's bytes; `InvalidInput` when it cannot be read."""
    check_size(len(data))
    if data.startswith(_PDF):
        document = read_pdf(data)
    elif data.startswith(_ZIP):
        document = read_docx(data)
    elif data.startswith(_OLE):
        if _ENCRYPTED_OOXML in data:
            refuse(_("Tệp Word được đặt mật khẩu (mã hóa): hãy gỡ mật khẩu rồi nhập lại."))
        refuse(_("Tệp Word cũ (.doc) hoặc tệp Office khác: hãy lưu lại dưới dạng .docx rồi nhập."))
    else:
        document = read_text(data)
    document.sha256 = hashlib.sha256(data).hexdigest()
    return document


# --- text -----------------------------------------------------------------------------------------


def read_text(data: bytes) -> SourceDocument:
    if data.startswith(_BINARY_SIGNATURES) or b"\x00" in data[:4096]:
        refuse(_("Không nhận dạng được loại tệp: chỉ nhập được DOCX, PDF hoặc văn bản UTF-8."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        refuse(_("Văn bản không ở mã UTF-8: hãy lưu lại với mã UTF-8 (hoặc nhập tệp DOCX, PDF)."))
    lines = (line.strip() for line in text.splitlines())
    return SourceDocument(kind="text", items=[SourceParagraph(line) for line in lines if line], hard_wrapped=True)


# --- DOCX -----------------------------------------------------------------------------------------


def _open_archive(data):
    """The ZIP archive, refused when it is corrupt, macro-enabled or a zip bomb (from its directory)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, ValueError, OSError, EOFError):
        refuse(_("Tệp hỏng: không mở được tệp DOCX."))
    unpacked = sum(member.file_size for member in members)
    if unpacked > settings.PLANFLOW_ATTACHMENT_MAX_UNCOMPRESSED_BYTES or unpacked > settings.PLANFLOW_ATTACHMENT_MAX_ZIP_RATIO * len(data):
        refuse(_("Tệp giải nén ra quá lớn so với kích thước của nó — có thể là tệp nén độc hại; không nhập."))
    names = {member.filename for member in members}
    if "word/document.xml" not in names:
        refuse(_("Không nhận dạng được loại tệp: tệp nén này không phải văn bản Word (.docx)."))
    try:
        content_types = archive.read("[Content_Types].xml") if "[Content_Types].xml" in names else b""
    except (zipfile.BadZipFile, NotImplementedError, ValueError, OSError, EOFError, RuntimeError):
        refuse(_("Tệp hỏng: không mở được tệp DOCX."))
    if any(name.lower().endswith("vbaproject.bin") for name in names) or _MACRO_CONTENT_TYPE in content_types:
        refuse(_("Tệp Word có macro (.docm): không nhập tệp có macro; hãy lưu lại dưới dạng .docx."))
    return archive


def read_docx(data: bytes) -> SourceDocument:
    import docx

    archive = _open_archive(data)
    try:
        document = docx.Document(io.BytesIO(data))
        styles = _StyleLook(document)
        items = [_docx_item(block, styles) for block in document.iter_inner_content()]
        footnotes = _docx_footnotes(archive)
    except InvalidInput:
        raise
    except Exception:  # noqa: BLE001 - a parser given hostile bytes may raise anything: the file is unreadable
        refuse(_("Tệp hỏng: không đọc được nội dung tệp DOCX."))
    return SourceDocument(kind="docx", items=[item for item in items if item is not None], footnotes=footnotes)


class _StyleLook:
    """Bold and alignment of each paragraph style, looked up once a style (python-docx walks every
    style of the document at each lookup: seconds for a long plan)."""

    def __init__(self, document):
        self.part, self.known = document.part, {}

    def of(self, paragraph):
        from docx.enum.style import WD_STYLE_TYPE

        style_id = paragraph._p.style
        if style_id not in self.known:
            style = self.part.get_style(style_id, WD_STYLE_TYPE.PARAGRAPH)
            self.known[style_id] = (
                bool(style is not None and style.font.bold),
                style.paragraph_format.alignment if style is not None else None,
            )
        return self.known[style_id]


def _docx_item(block, styles):
    from docx.enum.text import WD_PARAGRAPH_ALIGNMENT
    from docx.table import Table

    if isinstance(block, Table):
        rows = []
        for row in block.rows:
            cells, seen = [], set()
            for cell in row.cells:
                if id(cell._tc) in seen:  # a merged cell repeats
                    continue
                seen.add(id(cell._tc))
                cells.append("\n".join(p.text.strip() for p in cell.paragraphs if p.text.strip()))
            rows.append(cells)
        return SourceTable(rows=rows)
    text = block.text.strip()
    if not text:
        return None
    runs = [run for run in block.runs if run.text.strip()]
    style_bold, style_alignment = styles.of(block)
    bold = bool(runs) and all(run.bold or (run.bold is None and style_bold) for run in runs)
    alignment = block.alignment if block.alignment is not None else style_alignment
    return SourceParagraph(text=text, bold=bold, centered=alignment == WD_PARAGRAPH_ALIGNMENT.CENTER)


def _docx_footnotes(archive):
    if "word/footnotes.xml" not in archive.namelist():
        return []
    root = etree.fromstring(archive.read("word/footnotes.xml"), parser=etree.XMLParser(resolve_entities=False, no_network=True))
    notes = []
    for note in root.iter(f"{_W}footnote"):
        if note.get(f"{_W}type") in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        text = "".join(node.text or "" for node in note.iter(f"{_W}t")).strip()
        if text:
            notes.append(SourceFootnote(label=str(len(notes) + 1), text=text))
    return notes


# --- PDF ------------------------------------------------------------------------------------------


def read_pdf(data: bytes) -> SourceDocument:
    """Pages with only text are read by pdfium (pypdfium2: tens of milliseconds a page); a page that
    draws lines or boxes, where a table may be, by pdfplumber (its tables; ten times slower)."""
    import pypdfium2

    if _ENCRYPT_ENTRY.search(data):  # the trailer (or cross-reference stream) names its encryption
        refuse(_("Tệp PDF được đặt mật khẩu (mã hóa): hãy gỡ mật khẩu rồi nhập lại."))
    try:
        pdf = pypdfium2.PdfDocument(data)
    except Exception:  # noqa: BLE001 - a parser given hostile bytes may raise anything: the file is unreadable
        refuse(_("Tệp hỏng: không đọc được tệp PDF."))
    try:
        pages = _pdf_pages(pdf, data)
    finally:
        pdf.close()
    if not pages:
        refuse(_("Tệp PDF không có trang nào."))
    if not any(pages):
        return read_scanned_pdf(data, len(pages))
    document = SourceDocument(kind="pdf", hard_wrapped=True)
    _read_image_pages(data, pages, document)
    for items in pages:
        document.items.extend(items or [])
    return document


def _read_image_pages(data, pages, document):
    """Pages without text among pages with text (a scanned annex, a signed last page): read by
    Tesseract where it is installed, else left out with a warning."""
    blank = [number for number, items in enumerate(pages) if not items]
    if not blank:
        return
    try:
        command = tesseract_command()
    except InvalidInput:
        command = None
    read = ocr_pages(data, blank, command) if command else {}
    for number in blank:
        pages[number] = read.get(number) or []
        if pages[number]:
            document.ocr = True
            document.warnings.append(_("Trang %(n)d là ảnh quét: đã nhận dạng chữ (OCR), hãy soát lại kỹ.") % {"n": number + 1})
        else:
            document.warnings.append(_("Trang %(n)d không có chữ (trang ảnh?): bỏ qua.") % {"n": number + 1})


def _pdf_pages(pdf, data):
    """The items of each page: pdfium's lines, or pdfplumber's lines and tables where the page draws."""
    import pypdfium2.raw as pdfium

    pages, drawn = [], []
    try:
        for number in range(len(pdf)):
            page = pdf[number]
            if next(iter(page.get_objects(filter=[pdfium.FPDF_PAGEOBJ_PATH], max_depth=2)), None) is not None:
                pages.append(None)
                drawn.append(number)
            else:
                pages.append(_pdfium_page_items(page))
    except Exception:  # noqa: BLE001 - a parser given hostile bytes may raise anything: the file is unreadable
        refuse(_("Tệp hỏng: không đọc được tệp PDF."))
    if drawn:
        for number, items in zip(drawn, _pdfplumber_pages(data, drawn), strict=True):
            pages[number] = items
    return pages


def _pdfplumber_pages(data, numbers):
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            return [_pdf_page_items(pdf.pages[number]) for number in numbers]
    except PDFPasswordIncorrect:
        refuse(_("Tệp PDF được đặt mật khẩu (mã hóa): hãy gỡ mật khẩu rồi nhập lại."))
    except Exception:  # noqa: BLE001 - a parser given hostile bytes may raise anything: the file is unreadable
        refuse(_("Tệp hỏng: không đọc được tệp PDF."))


def _pdfium_page_items(page):
    """The page's lines in reading order from pdfium's text runs (one rectangle each), top to bottom."""
    textpage = page.get_textpage()
    try:
        runs = []
        for index in range(textpage.count_rects()):
            left, bottom, right, top = textpage.get_rect(index)
            text = _PDFIUM_CONTROLS.sub(_pdfium_control, textpage.get_text_bounded(left, bottom, right, top)).strip()
            if text:
                runs.append((left, bottom, right, top, text, _bold_at(textpage, left, bottom, top)))
    finally:
        textpage.close()
    lines = []  # [x0, x1, top, bottom, [(left, text, bold)]]
    for left, bottom, right, top, text, bold in sorted(runs, key=lambda run: (-run[3], run[0])):
        middle = (bottom + top) / 2
        line = next((line for line in lines if line[3] <= middle <= line[2]), None)
        if line is None:
            lines.append([left, right, top, bottom, [(left, text, bold)]])
        else:
            line[0], line[1] = min(line[0], left), max(line[1], right)
            line[4].append((left, text, bold))
    if not lines:
        return []
    lines.sort(key=lambda line: -line[2])
    margin_left, margin_right = min(line[0] for line in lines), max(line[1] for line in lines)
    items = []
    for x0, x1, _top, _bottom, parts in lines:
        parts.sort()
        text = re.sub(r"\s+", " ", " ".join(part[1] for part in parts)).strip()
        bold = all(part[2] for part in parts)
        items.append(SourceParagraph(text=text, bold=bold, centered=_centered(x0, x1, margin_left, margin_right)))
    return items


_PDFIUM_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f]")


def _pdfium_control(match):
    """pdfium writes a hyphen that ends a line as \\x02; other control characters are dropped."""
    return "-" if match.group() == "\x02" else ""


def _bold_at(textpage, left, bottom, top):
    """Whether the run's first character is set in a bold font (by the font's name or weight)."""
    import ctypes

    import pypdfium2.raw as pdfium

    index = textpage.get_index(left + 0.5, (bottom + top) / 2, 2, 2)
    if index is None or index < 0:
        return False
    name = ctypes.create_string_buffer(128)
    pdfium.FPDFText_GetFontInfo(textpage.raw, index, name, len(name), None)
    return b"bold" in name.value.lower() or pdfium.FPDFText_GetFontWeight(textpage.raw, index) >= 600


def _centered(x0, x1, left, right):
    """A line set in the middle of the text's own margins (not a full line that touches them)."""
    indent = 0.05 * (right - left)
    return abs((x0 + x1) / 2 - (left + right) / 2) < max(12, indent) and x0 - left > indent and right - x1 > indent


def _pdf_page_items(page):
    """The page's lines in reading order, with the tables pdfplumber finds in their place."""
    tables = [table for table in page.find_tables() if len(table.rows) > 1 and len(table.rows[0].cells) > 1]
    boxes = [table.bbox for table in tables]
    placed = [(table.bbox[1], SourceTable(rows=[[(cell or "").strip() for cell in row] for row in table.extract()])) for table in tables]
    lines = [line for line in page.extract_text_lines(return_chars=True) if line["text"].strip()]
    lines = [line for line in lines if not any(_inside(line, box) for box in boxes)]
    if lines:  # the text's own margins (a page's are not centered: the binding margin is wider)
        left, right = min(line["x0"] for line in lines), max(line["x1"] for line in lines)
    for line in lines:
        chars = [char for char in line["chars"] if char["text"].strip()]
        bold = bool(chars) and all("bold" in (char.get("fontname") or "").lower() for char in chars)
        centered = _centered(line["x0"], line["x1"], left, right)
        placed.append((line["top"], SourceParagraph(text=line["text"].strip(), bold=bold, centered=centered)))
    placed.sort(key=lambda pair: pair[0])
    return [item for _top, item in placed]


def _inside(line, box):
    x0, top, x1, bottom = box
    return line["x0"] >= x0 - 1 and line["x1"] <= x1 + 1 and line["top"] >= top - 1 and line["bottom"] <= bottom + 1


# --- OCR ------------------------------------------------------------------------------------------


@lru_cache(maxsize=4)
def _tesseract_languages(command):
    try:
        done = subprocess.run([command, "--list-langs"], capture_output=True, text=True, timeout=30, check=False)
    except OSError:
        return frozenset()
    return frozenset(line.strip() for line in (done.stdout + done.stderr).splitlines()[1:])


def tesseract_command():
    """The Tesseract program with its Vietnamese data; a refusal saying what is missing otherwise."""
    command = shutil.which(settings.PLANFLOW_TESSERACT)
    if command is None:
        refuse(_("Tệp PDF này là ảnh quét (không có lớp chữ) và máy chủ chưa cài Tesseract để nhận dạng chữ: không nhập được."))
    if "vie" not in _tesseract_languages(command):
        refuse(_("Tệp PDF này là ảnh quét và máy chủ chưa có dữ liệu tiếng Việt của Tesseract (tesseract-ocr-vie): không nhập được."))
    return command


def read_scanned_pdf(data: bytes, page_count: int) -> SourceDocument:
    """A PDF without a text layer: every page read by Tesseract."""
    command = tesseract_command()
    document = SourceDocument(kind="pdf", hard_wrapped=True, ocr=True)
    for number, lines in ocr_pages(data, range(page_count), command).items():
        if not lines:
            document.warnings.append(_("Trang %(n)d: không nhận dạng được chữ nào.") % {"n": number + 1})
        document.items.extend(lines)
    return document


def ocr_pages(data, numbers, command):
    """{page number: its lines as paragraphs}: each page rendered at 300 dpi and read by Tesseract (`-l vie`)."""
    import pypdfium2

    numbers = list(numbers)
    if len(numbers) > settings.PLANFLOW_IMPORT_MAX_OCR_PAGES:
        limit = settings.PLANFLOW_IMPORT_MAX_OCR_PAGES
        refuse(_("Tệp PDF ảnh quét dài %(n)d trang: chỉ nhận dạng chữ được tối đa %(max)d trang.") % {"n": len(numbers), "max": limit})
    read = {}
    pdf = pypdfium2.PdfDocument(data)
    try:
        for number in numbers:
            image = pdf[number].render(scale=300 / 72).to_pil()
            png = io.BytesIO()
            image.save(png, format="PNG")
            lines = [re.sub(r"\s+", " ", line).strip() for line in _ocr(command, png.getvalue()).splitlines()]
            read[number] = [SourceParagraph(line) for line in lines if line]
    finally:
        pdf.close()
    return read


def _ocr(command, png):
    try:
        done = subprocess.run([command, "stdin", "stdout", "-l", "vie"], input=png, capture_output=True, timeout=120, check=False)
    except (OSError, subprocess.TimeoutExpired):
        refuse(_("Không nhận dạng được chữ của tệp PDF ảnh quét (Tesseract không chạy được)."))
    if done.returncode != 0:
        refuse(_("Không nhận dạng được chữ của tệp PDF ảnh quét (Tesseract báo lỗi)."))
    return done.stdout.decode("utf-8", "replace")
