"""How the document writes numbers, money, dates, schedules and signature blocks (Nghị định 30)."""

import datetime as dt
from decimal import Decimal

import pytest

from documents import formatting


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        (dt.date(2025, 3, 5), "ngày 05 tháng 3 năm 2025"),
        (dt.date(2025, 1, 9), "ngày 09 tháng 01 năm 2025"),
        (dt.date(2024, 2, 29), "ngày 29 tháng 02 năm 2024"),
        (dt.date(2024, 12, 31), "ngày 31 tháng 12 năm 2024"),
        (dt.date(2025, 10, 10), "ngày 10 tháng 10 năm 2025"),
    ],
)
def test_the_date_line_writes_leading_zeros_for_days_below_10_and_months_1_and_2(date, expected):
    assert formatting.ngay_thang(date) == expected


def test_short_dates():
    assert formatting.ngay_van_ban(dt.date(2025, 1, 9)) == "09/01/2025"
    assert formatting.ngay_van_ban(dt.date(2024, 9, 12)) == "12/9/2024"
    assert formatting.ngay(dt.date(2024, 9, 12)) == "12/09/2024"
    assert formatting.ngay(None) == formatting.ngay_thang(None) == ""


def test_number_and_symbol_take_a_leading_zero_below_10():
    assert formatting.so_ky_hieu(5, "KH", "UBND") == "05/KH-UBND"
    assert formatting.so_ky_hieu(15, "KH", "UBND") == "15/KH-UBND"
    assert formatting.so_ky_hieu(123, "KH", "MTTQ") == "123/KH-MTTQ"


def test_money_and_numbers():
    assert formatting.dong(50_000_000) == "50.000.000 đồng"
    assert formatting.so(5_000_000) == "5.000.000"
    assert formatting.so(Decimal("77.17")) == "77,17"
    assert formatting.so(Decimal("100.0000")) == "100"
    assert formatting.so(None) == formatting.dong(None) == ""


@pytest.mark.parametrize(
    ("number", "words"),
    [
        (0, "không"),
        (10, "mười"),
        (15, "mười lăm"),
        (21, "hai mươi mốt"),
        (105, "một trăm linh năm"),
        (1_005, "một nghìn không trăm linh năm"),
        (50_000_000, "năm mươi triệu"),
        (1_000_005, "một triệu không trăm linh năm"),
        (2_500_000_000, "hai tỷ năm trăm triệu"),
    ],
)
def test_numbers_in_words(number, words):
    assert formatting.so_thanh_chu(number) == words


def test_money_in_words_as_the_seed_writes_it():
    assert formatting.tien_bang_chu(50_000_000) == "Năm mươi triệu đồng chẵn"  # seed 001
    assert formatting.tien_bang_chu(1_500) == "Một nghìn năm trăm đồng"


def test_legal_bases_end_with_semicolons_and_the_last_with_a_full_stop():
    lines = formatting.legal_basis_lines(["Căn cứ A;", "Căn cứ B.", "  Căn cứ C  ", ""])
    assert lines == ["Căn cứ A;", "Căn cứ B;", "Căn cứ C."]
    assert formatting.legal_basis_lines(["Căn cứ Kế hoạch số 08-KH/BCĐ;"]) == ["Căn cứ Kế hoạch số 08-KH/BCĐ."]


def test_schedules_in_words():
    assert formatting.lich_bao_cao("monthly", day=15) == "Báo cáo hằng tháng, trước ngày 15"
    assert formatting.lich_bao_cao("yearly", day=15, month=12) == "Báo cáo hằng năm, trước ngày 15 tháng 12"
    assert formatting.lich_bao_cao("once", date=dt.date(2025, 10, 25)) == "Báo cáo một lần, trước ngày 25 tháng 10 năm 2025"
    assert formatting.lich_bao_cao("quarterly", day=10) == "Báo cáo hằng quý, trước ngày 10 của tháng đầu quý sau"
    assert formatting.lich_bao_cao("") == ""


def test_signature_blocks_of_article_13():
    assert formatting.signature_lines("KT.", "Ủy ban nhân dân", "Phó Chủ tịch") == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    assert formatting.signature_lines("TM.", "BAN THƯỜNG TRỰC", "PHÓ CHỦ TỊCH") == ["TM. BAN THƯỜNG TRỰC", "PHÓ CHỦ TỊCH"]
    assert formatting.signature_lines("Q.", "", "PHÓ CHỦ TỊCH") == ["Q. CHỦ TỊCH"]
    assert formatting.signature_lines("", "ỦY BAN NHÂN DÂN", "CHỦ TỊCH") == ["CHỦ TỊCH"]


def test_names_in_the_head_break_into_even_lines_between_words():
    assert formatting.balanced_lines("ỦY BAN NHÂN DÂN HUYỆN IA H'DRAI") == ["ỦY BAN NHÂN DÂN", "HUYỆN IA H'DRAI"]  # seed 003
    assert formatting.balanced_lines("BAN THƯỜNG TRỰC ỦY BAN MTTQ VIỆT NAM TỈNH KON TUM") == [
        "BAN THƯỜNG TRỰC",
        "ỦY BAN MTTQ VIỆT NAM",
        "TỈNH KON TUM",
    ]
    assert formatting.balanced_lines("UBND TỈNH KON TUM") == ["UBND TỈNH KON TUM"]
    assert formatting.balanced_lines("") == []
