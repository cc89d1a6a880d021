"""The seeds (../shared/seeds) as SourceDocuments: as text read from a PDF (one paragraph per
non-empty line, hard-wrapped) and as a DOCX reader gives them (paragraphs rejoined, the head in a
table of two columns as real documents have it)."""

from planimport.lines import paragraphs
from planimport.source import SourceDocument, SourceParagraph, SourceTable
from tests.documents.test_demo_render import SEED_FILES, SEEDS

SEED_KEYS = sorted(SEED_FILES)


def seed_text(key):
    [path] = sorted(SEEDS.glob(f"{SEED_FILES[key]}*.txt"))
    return path.read_text(encoding="utf-8")


def text_source(text):
    lines = [line for line in text.splitlines() if line.strip()]
    return SourceDocument(kind="text", items=[SourceParagraph(text=line) for line in lines], hard_wrapped=True)


HEAD_LEFT = ("ỦY BAN NHÂN DÂN", "HUYỆN ", "BAN THƯỜNG TRỰC", "ỦY BAN", "UBND")
HEAD_RIGHT = ("CỘNG HÒA", "CỘNG HOÀ", "Độc lập")


def docx_source(text):
    """The seed as a DOCX reader gives it: its paragraphs rejoined (planimport.lines on the text's
    lines), the lines before the title in a 2-column head table (left: the issuing body and "Số";
    right: the national title and the place and date), a head the seed lacks made up from its body."""
    entries = paragraphs(text_source(text))
    title = next(i for i, e in enumerate(entries) if e.text.strip().startswith("KẾ HOẠCH"))
    left, right = [], []
    for entry in entries[:title]:
        line = entry.text
        if entry.separator:
            continue
        if line.startswith(HEAD_RIGHT):
            right.append(line)
        elif line.startswith("Số"):
            number, _sep, place_date = line.partition(" ") if "," not in line else _split_number(line)
            left.append(number)
            if place_date:
                right.append(place_date)
        elif ", ngày" in line:
            right.append(line)
        else:
            left.append(line)
    if not left:
        left = ["ỦY BAN NHÂN DÂN", "HUYỆN IA H'DRAI", "Số: 05/KH-UBND"]
        right = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Ia H'Drai, ngày 10 tháng 3 năm 2025"]
    items = [SourceTable(rows=[["\n".join(left), "\n".join(right)]])]
    items += [SourceParagraph(text=entry.text, centered=i == title) for i, entry in enumerate(entries) if i >= title]
    return SourceDocument(kind="docx", items=items, hard_wrapped=False)


def _split_number(line):
    """ "Số: /KH-UBND Ia H'Drai, ngày …" -> ("Số: /KH-UBND", "Ia H'Drai, ngày …")."""
    head, _sep, rest = line.partition("/")
    symbol, _space, place_date = rest.strip().partition(" ")
    return f"{head}/{symbol}", _space, place_date
