"""How an official Vietnamese document writes numbers, money, dates, schedules and the signature block.

Pure functions of plain values (no database): the HTML filters in plans.templatetags.plan_document,
the layout (documents.layout) and so the HTML, PDF and DOCX renderings all print through
these, so they can never disagree. The document stays Vietnamese whatever the UI language: it is
the text that gets signed.
"""

import re
from functools import cache

from plans.models import ScheduleKind, SigningAuthority
from plans.numbers import format_number


def so(value):
    """A number the Vietnamese way: 50000000 -> '50.000.000'; a decimal: 77.17 -> '77,17'; None -> ''."""
    return format_number(value)


def dong(value):
    """Money in đồng: 50000000 -> '50.000.000 đồng'."""
    if value is None or value == "":
        return ""
    return f"{so(value)} đồng"


_DIGITS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]
_GROUPS = ["", " nghìn", " triệu", " tỷ"]


def _three_digits(number, full):
    """Words for 0–999 inside a larger number; `full` says hundreds must be read even when zero."""
    hundreds, tens, units = number // 100, number // 10 % 10, number % 10
    words = []
    if full or hundreds:
        words.append(f"{_DIGITS[hundreds]} trăm")
    if tens == 0:
        if units and words:
            words.append("linh")
    elif tens == 1:
        words.append("mười")
    else:
        words.append(f"{_DIGITS[tens]} mươi")
    if units == 1 and tens > 1:
        words.append("mốt")
    elif units == 5 and tens > 0:
        words.append("lăm")
    elif units:
        words.append(_DIGITS[units])
    return " ".join(words)


def so_thanh_chu(number):
    """An integer in words: 50000000 -> 'năm mươi triệu', 1005 -> 'một nghìn không trăm linh năm'."""
    number = int(number)
    if number == 0:
        return "không"
    if number < 0:
        return "âm " + so_thanh_chu(-number)
    parts = []
    billions, rest = divmod(number, 10**9)
    if billions:
        parts.append(so_thanh_chu(billions) + " tỷ")
    groups = [rest // 10**6 % 1000, rest // 1000 % 1000, rest % 1000]
    started = bool(billions)
    for index, group in enumerate(groups):
        if group:
            parts.append(_three_digits(group, full=started) + _GROUPS[2 - index])
            started = True
    return " ".join(parts)


def tien_bang_chu(amount):
    """Money in words with a capital first letter: 50000000 -> 'Năm mươi triệu đồng chẵn'."""
    words = so_thanh_chu(amount) + " đồng"
    if int(amount) and int(amount) % 1000 == 0:
        words += " chẵn"
    return words[0].upper() + words[1:]


def day_text(value):
    """The day of a date with a leading zero below 10 (Nghị định 30): 5 -> '05'."""
    return f"{value.day:02d}"


def month_text(value):
    """Nghị định 30 writes months 1 and 2 with a leading zero (tháng 01, tháng 02), the others without."""
    return f"{value.month:02d}" if value.month < 3 else str(value.month)


def ngay_thang(value):
    """A date as the date line writes it: 'ngày 05 tháng 3 năm 2025' ('' for no date)."""
    if not value:
        return ""
    return f"ngày {day_text(value)} tháng {month_text(value)} năm {value.year}"


def ngay(value):
    """A date in figures with two-digit day and month, as lists and tables show it: '05/03/2025'."""
    if not value:
        return ""
    return value.strftime("%d/%m/%Y")


def ngay_van_ban(value):
    """A date in figures as documents cite one another (Nghị định 30 zeros): '05/3/2025', '09/01/2025'."""
    if not value:
        return ""
    return f"{day_text(value)}/{month_text(value)}/{value.year}"


def so_ky_hieu(number, doc_type, code):
    """The number and symbol: (5, 'KH', 'UBND') -> '05/KH-UBND' (a leading zero below 10, no spaces)."""
    return f"{number:02d}/{doc_type}-{code}"


def lich_bao_cao(kind, date=None, day=None, month=None):
    """A reporting schedule in words, or '' when there is none."""
    if kind == ScheduleKind.ONCE:
        return f"Báo cáo một lần, trước {ngay_thang(date)}" if date else "Báo cáo một lần"
    if kind == ScheduleKind.MONTHLY:
        return f"Báo cáo hằng tháng, trước ngày {day}"
    if kind == ScheduleKind.QUARTERLY:
        return f"Báo cáo hằng quý, trước ngày {day} của tháng đầu quý sau"
    if kind == ScheduleKind.HALF_YEARLY:
        return f"Báo cáo 6 tháng, trước ngày {day} của tháng đầu kỳ sau"
    if kind == ScheduleKind.TIMING_END:
        return "Báo cáo khi hết thời gian thực hiện"
    if kind == ScheduleKind.YEARLY:
        return f"Báo cáo hằng năm, trước ngày {day} tháng {month}"
    return ""


def _head_title(position):
    """The head's title a deputy signs for: 'PHÓ CHỦ TỊCH' -> 'CHỦ TỊCH'."""
    return re.sub(r"^PHÓ\s+", "", position.strip(), flags=re.IGNORECASE)


def signature_lines(authority, collective_title, position):
    """The capitals over the signer's name (Art. 13 of Nghị định 30), one string per line.

    TM.  -> TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH
    KT.  -> TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH  (the TM. line only for a collective body)
    TL., TUQ. -> TL. <collective title> / <position>
    Q.   -> Q. CHỦ TỊCH
    direct -> <position>
    """
    collective = (collective_title or "").upper()
    position = (position or "").upper()
    lines = []
    if authority == SigningAuthority.TM:
        lines = [f"TM. {collective}" if collective else "TM.", position]
    elif authority == SigningAuthority.KT:
        if collective:
            lines.append(f"TM. {collective}")
        lines += [f"KT. {_head_title(position)}", position]
    elif authority in (SigningAuthority.TL, SigningAuthority.TUQ):
        lines = [f"{authority} {collective}".strip(), position]
    elif authority == SigningAuthority.Q:
        lines = [f"Q. {_head_title(position)}"]
    else:
        lines = [position]
    return [line for line in lines if line]


# Two-syllable words of body names that a line never splits.
_WORDS = {("ỦY", "BAN"), ("UỶ", "BAN"), ("NHÂN", "DÂN"), ("VIỆT", "NAM"), ("THƯỜNG", "TRỰC"), ("MẶT", "TRẬN"), ("TỔ", "QUỐC")}
_WORDS |= {("HỘI", "ĐỒNG"), ("THÀNH", "PHỐ"), ("CHÍNH", "PHỦ"), ("CÔNG", "AN"), ("QUÂN", "SỰ"), ("THỊ", "XÃ"), ("THỊ", "TRẤN")}


# The level of a place ("TỈNH KON TUM", "HUYỆN IA H'DRAI"): the place's name after it is never split.
_PLACE_LEVELS = {"TỈNH", "HUYỆN", "XÃ", "QUẬN", "PHƯỜNG", "THÀNH PHỐ", "THỊ XÃ", "THỊ TRẤN"}


def _words(text, max_chars=None):
    """The words of `text`, two-syllable words (_WORDS) kept together, and a place's name at the end
    ("TỈNH KON TUM") kept in one piece when it fits in `max_chars`."""
    syllables, words = text.split(), []
    for syllable in syllables:
        if words and (words[-1].split(" ")[-1].upper(), syllable.upper()) in _WORDS and " " not in words[-1]:
            words[-1] += " " + syllable
        else:
            words.append(syllable)
    for index, word in enumerate(words[:-1]):
        if word.upper() in _PLACE_LEVELS:
            place = " ".join(words[index:])
            if max_chars is None or len(place) <= max_chars:
                return words[:index] + [place]
    return words


def balanced_lines(text, max_chars=21):
    """Split a heading (an issuing body's name in capitals) into the fewest lines of at most about
    `max_chars` characters, as even as possible, at spaces between words:
    'ỦY BAN NHÂN DÂN HUYỆN IA H'DRAI' -> ['ỦY BAN NHÂN DÂN', "HUYỆN IA H'DRAI"] (as the seeds print it)."""
    words = _words(text, max_chars)
    if len(text) <= max_chars or len(words) < 2:
        return [text] if text else []
    count = min(len(words), -(-len(text) // max_chars))

    @cache
    def best(start, lines):
        """(longest line, lines) for words[start:] in `lines` lines."""
        if lines == 1:
            line = " ".join(words[start:])
            return len(line), [line]
        options = []
        for end in range(start + 1, len(words) - lines + 2):
            line = " ".join(words[start:end])
            longest, rest = best(end, lines - 1)
            options.append((max(len(line), longest), [line, *rest]))
        return min(options, key=lambda option: option[0])

    return best(0, count)[1]


_END_PUNCTUATION = " \t;.,:"


def legal_basis_lines(texts):
    """The "Căn cứ …" lines as Nghị định 30 ends them: each with ';', the last with '.'."""
    cleaned = [text.strip().rstrip(_END_PUNCTUATION) for text in texts]
    cleaned = [text for text in cleaned if text]
    return [text + ("." if index == len(cleaned) - 1 else ";") for index, text in enumerate(cleaned)]
