"""The serif the documents print in: Times New Roman's metrics with every Vietnamese glyph.

Nghị định 30 asks for Times New Roman. Its metric twin Liberation Serif 2.x (Debian package
`fonts-liberation2`) carries all of Vietnamese; the older Liberation 1.x (`fonts-liberation`)
shares the family name but lacks the precomposed Vietnamese letters (ạ, ế, ữ …), so the PDF
must not let fontconfig pick by name. We name the files: the first complete set found among

    settings.PLANFLOW_DOCUMENT_FONT_DIR   (a deployment's own TTFs, same file names)
    /usr/share/fonts/truetype/liberation2 (fonts-liberation2)
    /usr/share/fonts/truetype/dejavu      (fonts-dejavu-core: DejaVu Serif, wider, as a last resort)

and declare them in @font-face as the family "Document Serif". The DOCX names "Times New Roman"
(Word has it; LibreOffice substitutes Liberation Serif by metrics).
"""

from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

FAMILY = "Document Serif"
DOCX_FAMILY = "Times New Roman"

# (font-weight, font-style) → file name, per candidate set
LIBERATION = {
    ("normal", "normal"): "LiberationSerif-Regular.ttf",
    ("bold", "normal"): "LiberationSerif-Bold.ttf",
    ("normal", "italic"): "LiberationSerif-Italic.ttf",
    ("bold", "italic"): "LiberationSerif-BoldItalic.ttf",
}
DEJAVU = {
    ("normal", "normal"): "DejaVuSerif.ttf",
    ("bold", "normal"): "DejaVuSerif-Bold.ttf",
    ("normal", "italic"): "DejaVuSerif-Italic.ttf",
    ("bold", "italic"): "DejaVuSerif-BoldItalic.ttf",
}

APT_HINT = "apt-get install fonts-liberation2"


def _candidates():
    own = getattr(settings, "PLANFLOW_DOCUMENT_FONT_DIR", "")
    if own:
        yield Path(own), LIBERATION
    yield Path("/usr/share/fonts/truetype/liberation2"), LIBERATION
    yield Path("/usr/share/fonts/truetype/dejavu"), DEJAVU


@cache
def font_files():
    """{(weight, style): Path} of the document serif; regular is required, the rest optional
    (WeasyPrint synthesizes a missing bold or italic)."""
    for directory, names in _candidates():
        found = {key: directory / name for key, name in names.items() if (directory / name).is_file()}
        if ("normal", "normal") in found:
            return found
    raise ImproperlyConfigured(f"Không tìm thấy phông chữ có đủ dấu tiếng Việt cho văn bản: cài bằng `{APT_HINT}`.")


def font_face_css():
    """@font-face rules declaring the files as FAMILY."""
    rules = []
    for (weight, style), path in sorted(font_files().items()):
        rules.append(f'@font-face {{ font-family: "{FAMILY}"; src: url("{path.as_uri()}"); font-weight: {weight}; font-style: {style}; }}')
    return "\n".join(rules)


@cache
def _metrics(weight, style):
    """(advance widths by code point, units per em) of the document serif in that face."""
    from fontTools.ttLib import TTFont

    files = font_files()
    font = TTFont(files.get((weight, style)) or files[("normal", "normal")], lazy=True)
    advances = font["hmtx"].metrics
    return {code: advances[name][0] for code, name in font.getBestCmap().items()}, font["head"].unitsPerEm


def text_width_mm(text, size_pt, *, bold=False, italic=False):
    """How wide `text` prints in the document serif at `size_pt` (millimetres): what the DOCX's
    rules are measured by (the rule under the Tiêu ngữ as long as it, the one under the issuing
    body a fraction of its name)."""
    widths, units = _metrics("bold" if bold else "normal", "italic" if italic else "normal")
    default = widths.get(ord("n"), units // 2)
    return sum(widths.get(ord(char), default) for char in text) * size_pt / units * 25.4 / 72
