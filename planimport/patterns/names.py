"""Comparing names as officials write them: "Văn hoá" and "Văn hóa", "Uỷ" and "Ủy", "–" and "-",
"UBND" and "Ủy ban nhân dân" are the same name."""

import re
import unicodedata

ABBREVIATIONS = {
    "ubnd": "uy ban nhan dan",
    "hdnd": "hoi dong nhan dan",
    "mttq": "mat tran to quoc",
    "mttqvn": "mat tran to quoc viet nam",
    "ubmttq": "uy ban mat tran to quoc",
}


def plain(text):
    """`text` without diacritics, lower case, one kind of dash and single spaces."""
    text = unicodedata.normalize("NFD", text or "")
    text = "".join(c for c in text if unicodedata.category(c) != "Mn").replace("đ", "d").replace("Đ", "D")
    text = re.sub(r"\s*[-–—]\s*", "-", text.lower())
    text = re.sub(r"[*_“”\"'’]", "", text)
    return " ".join(text.split())


def name_key(text):
    """The key two spellings of one organization's name share."""
    words = [ABBREVIATIONS.get(word, word) for word in plain(text).strip(" .,;:").split(" ")]
    return " ".join(words)


def squeeze(text):
    """`text` in NFC with runs of white space as one space, stripped."""
    return " ".join(unicodedata.normalize("NFC", text or "").split())
