"""The document's own serif, embedded for the number and date form fields of the signed PDF.

The clerk's number and date are drawn by the fields' appearance streams (documents.pades), not by
WeasyPrint; they must print in the font the rest of the document prints in, embedded like it (a
reader without Times would otherwise substitute a font of its own). WeasyPrint's subsets hold
only the glyphs the page used, so the fields get their own subset of the same font file
(documents.fonts), as a Type 0 font with Identity-H encoding, the glyph ids of the full font
(`retain_gids`), the widths and a ToUnicode map (the text extracts as written): the digits, "/"
and the characters of the text the field draws around the value ("Số: ", "/KH-UBND").

`embed` adds it to a PDF being written; `FieldFont.read` reads it back from the PDF to draw a value.
"""

import functools
import hashlib
import io

from fontTools import subset
from fontTools.ttLib import TTFont
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.generic import pdf_name

from .fonts import font_files

ALWAYS = "0123456789/ "
FAMILY_NAME = "Document-Serif"  # as WeasyPrint names the document's own (pdffonts shows the same family)


def _subset_bytes(path, text):
    return _subset_of_characters(path, "".join(sorted(set(text))))


@functools.lru_cache(maxsize=64)
def _subset_of_characters(path, characters):
    """The subset for these characters, made once per process: subsetting the whole TrueType font was
    the largest part of a signature's time, and the fields' text repeats (digits, "Số: ", "/KH-UBND")."""
    font = TTFont(path)
    options = subset.Options()
    options.retain_gids = True  # a glyph's id in the subset is its id in the font (CIDToGIDMap /Identity)
    options.notdef_outline = True
    options.name_IDs = ["*"]
    options.layout_features = []
    options.hinting = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted({ord(c) for c in characters}))
    subsetter.subset(font)
    output = io.BytesIO()
    font.save(output)
    return output.getvalue()


class FieldFont:
    """A TrueType font (bytes) read for drawing: glyph ids and advance widths (per 1000 em)."""

    def __init__(self, data):
        self.data = data
        font = TTFont(io.BytesIO(data))
        self.units = font["head"].unitsPerEm
        self.cmap = font.getBestCmap() or {}
        self.glyph_ids = {name: index for index, name in enumerate(font.getGlyphOrder())}
        self.advances = {name: advance for name, (advance, _lsb) in font["hmtx"].metrics.items()}
        self.font = font

    @classmethod
    def read(cls, font_ref):
        """The embedded font of a Type 0 font object `font_ref` (as `embed` made it)."""
        font = font_ref.get_object()
        descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
        return cls(descriptor["/FontFile2"].get_object().data)

    def _glyph(self, char):
        name = self.cmap.get(ord(char))
        if name is None:
            raise ValueError(f"the field font has no glyph for {char!r}")
        return name

    def width(self, text, size):
        """The advance of `text` at `size` pt, in pt."""
        return sum(self.advances[self._glyph(c)] for c in text) * size / self.units

    def encode(self, text):
        """`text` as a PDF hex string of 2-byte glyph ids (Identity-H)."""
        return b"<" + "".join(f"{self.glyph_ids[self._glyph(c)]:04X}" for c in text).encode("ascii") + b">"


def _to_unicode(font):
    lines = [
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap",
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        "/CMapName /Adobe-Identity-UCS def /CMapType 2 def",
        "1 begincodespacerange <0000> <FFFF> endcodespacerange",
    ]
    pairs = sorted((font.glyph_ids[name], code) for code, name in font.cmap.items())
    for start in range(0, len(pairs), 100):
        chunk = pairs[start : start + 100]
        lines.append(f"{len(chunk)} beginbfchar")
        lines += [f"<{gid:04X}> <{chr(code).encode('utf-16-be').hex().upper()}>" for gid, code in chunk]
        lines.append("endbfchar")
    lines += ["endcmap CMapName currentdict /CMap defineresource pop end end"]
    return "\n".join(lines).encode("ascii")


def embed(writer, italic, text):
    """A Type 0 font object of the document serif (italic or regular) holding the glyphs of
    `text` and of ALWAYS, added to `writer`; → its reference."""
    files = font_files()
    path = files.get(("normal", "italic" if italic else "normal")) or files[("normal", "normal")]
    data = _subset_bytes(path, ALWAYS + text)
    font = FieldFont(data)
    tag = "".join(chr(ord("A") + b % 26) for b in hashlib.sha256(data).digest()[:6])
    name = pdf_name(f"/{tag}+{FAMILY_NAME}{'-Italic' if italic else ''}")
    scale = 1000 / font.units
    head, hhea, post = font.font["head"], font.font["hhea"], font.font["post"]
    cap_height = getattr(font.font["OS/2"], "sCapHeight", 0) or hhea.ascent
    file_stream = writer.add_object(generic.StreamObject({pdf_name("/Length1"): generic.NumberObject(len(data))}, stream_data=data))
    descriptor = writer.add_object(
        generic.DictionaryObject(
            {
                pdf_name("/Type"): pdf_name("/FontDescriptor"),
                pdf_name("/FontName"): name,
                pdf_name("/Flags"): generic.NumberObject(2 | 32 | (64 if italic else 0)),  # serif, nonsymbolic, italic
                pdf_name("/FontBBox"): generic.ArrayObject(
                    generic.NumberObject(round(v * scale)) for v in (head.xMin, head.yMin, head.xMax, head.yMax)
                ),
                pdf_name("/ItalicAngle"): generic.FloatObject(post.italicAngle),
                pdf_name("/Ascent"): generic.NumberObject(round(hhea.ascent * scale)),
                pdf_name("/Descent"): generic.NumberObject(round(hhea.descent * scale)),
                pdf_name("/CapHeight"): generic.NumberObject(round(cap_height * scale)),
                pdf_name("/StemV"): generic.NumberObject(80),
                pdf_name("/FontFile2"): file_stream,
            }
        )
    )
    used = sorted({font.glyph_ids[name] for name in font.cmap.values()})
    widths = generic.ArrayObject()
    for gid in used:
        glyph = font.font.getGlyphOrder()[gid]
        widths += [generic.NumberObject(gid), generic.ArrayObject([generic.NumberObject(round(font.advances[glyph] * scale))])]
    cid_font = writer.add_object(
        generic.DictionaryObject(
            {
                pdf_name("/Type"): pdf_name("/Font"),
                pdf_name("/Subtype"): pdf_name("/CIDFontType2"),
                pdf_name("/BaseFont"): name,
                pdf_name("/CIDSystemInfo"): generic.DictionaryObject(
                    {
                        pdf_name("/Registry"): generic.pdf_string("Adobe"),
                        pdf_name("/Ordering"): generic.pdf_string("Identity"),
                        pdf_name("/Supplement"): generic.NumberObject(0),
                    }
                ),
                pdf_name("/FontDescriptor"): descriptor,
                pdf_name("/W"): widths,
                pdf_name("/CIDToGIDMap"): pdf_name("/Identity"),
            }
        )
    )
    to_unicode = writer.add_object(generic.StreamObject(stream_data=_to_unicode(font)))
    return writer.add_object(
        generic.DictionaryObject(
            {
                pdf_name("/Type"): pdf_name("/Font"),
                pdf_name("/Subtype"): pdf_name("/Type0"),
                pdf_name("/BaseFont"): name,
                pdf_name("/Encoding"): pdf_name("/Identity-H"),
                pdf_name("/DescendantFonts"): generic.ArrayObject([cid_font]),
                pdf_name("/ToUnicode"): to_unicode,
            }
        )
    )
