"""Numbers typed the Vietnamese way or plainly (plans.numbers): read at the magnitude meant, or
refused with a message that says why — never guessed."""

from decimal import Decimal

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from plans.numbers import NumberError, format_decimal_for_input, format_number, parse_decimal, parse_integer


@pytest.mark.parametrize(
    "text, value",
    [
        ("5.000.000", 5_000_000),
        ("5000000", 5_000_000),
        ("5 000 000", 5_000_000),
        ("5\u00a0000\u00a0000", 5_000_000),
        ("5.000", 5000),  # in a whole number a dot can only group thousands
        ("1.500", 1500),
        ("  120 ", 120),
        ("0", 0),
        ("5.000.000,00", 5_000_000),
        ("-3", -3),
    ],
)
def test_whole_numbers_read_as_written(text, value):
    assert parse_integer(text) == value


@pytest.mark.parametrize(
    "text, why",
    [
        ("1,500", "có thể hiểu là 1,5 hoặc 1.500"),  # Vietnamese 1,5 or English 1500
        ("12,345", "có thể hiểu là 12,345 hoặc 12.345"),
        ("1,5", "không phải là số nguyên"),
        ("1.5", "Dấu chấm chỉ dùng để ngăn cách hàng nghìn"),
        ("1.50", "Dấu chấm chỉ dùng để ngăn cách hàng nghìn"),
        ("5.00.000", "không phải là số nguyên"),
        ("1,000,000", "cách viết tiếng Anh"),
        ("năm triệu", "không phải là số nguyên"),
        ("5e6", "không phải là số nguyên"),
        ("9" * 50, "quá dài"),
    ],
)
def test_whole_numbers_that_are_not_certain_are_refused_with_the_reason(text, why):
    with pytest.raises(NumberError) as refused:
        parse_integer(text)
    assert why in refused.value.message


@pytest.mark.parametrize(
    "text, value",
    [
        ("77,17", "77.17"),
        ("77.17", "77.17"),
        ("25,20", "25.20"),
        ("1.234,5", "1234.5"),
        ("1.234.567", "1234567"),
        ("0,500", "0.5"),  # "0" never starts a group of thousands: one reading only
        ("0.500", "0.5"),
        ("1234,567", "1234.567"),
        ("100", "100"),
        ("-5,12", "-5.12"),
        ("1 234,5", "1234.5"),
    ],
)
def test_decimals_read_either_way(text, value):
    assert parse_decimal(text) == Decimal(value)


@pytest.mark.parametrize(
    "text, why",
    [
        ("1.500", "có thể hiểu là 1,5 hoặc 1.500"),  # Vietnamese 1500 or plain 1.5
        ("1,500", "có thể hiểu là 1,5 hoặc 1.500"),  # Vietnamese 1,5 or English 1500
        ("100.000", "có thể hiểu là 100 hoặc 100.000"),
        ("1,234.5", "cách viết tiếng Anh"),
        ("77,17%", "không phải là một số"),
        ("7..1", "không phải là một số"),
        ("", "không phải là một số"),
    ],
)
def test_decimals_that_read_two_ways_are_refused_naming_both(text, why):
    with pytest.raises(NumberError) as refused:
        parse_decimal(text)
    assert why in refused.value.message


def test_the_ambiguity_message_says_how_to_write_it():
    with pytest.raises(NumberError) as refused:
        parse_decimal("1.500")
    assert "ví dụ 1,5 hoặc 1500" in refused.value.message


@pytest.mark.parametrize(
    "value, text",
    [(5_000_000, "5.000.000"), (Decimal("77.1700"), "77,17"), (Decimal("-1234.5"), "-1.234,5"), (0, "0"), (None, ""), (7.5, "7,5")],
)
def test_values_are_written_the_vietnamese_way(value, text):
    assert format_number(value) == text


@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_a_whole_number_as_shown_reads_back_the_same(number):
    assert parse_integer(format_number(number)) == number
    assert parse_integer(str(number)) == number


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=4, allow_nan=False, allow_infinity=False))
@example(Decimal("1200"))  # "1.200" would read as 1200 or 1,2
@example(Decimal("1.234"))  # "1,234" would read as 1,234 or 1234
@example(Decimal("-999.5"))
@example(Decimal("1234567.891"))
def test_a_decimal_as_shown_in_an_input_reads_back_the_same(value):
    assert parse_decimal(format_decimal_for_input(value)) == value


def test_a_decimal_input_shows_its_value_so_that_it_reads_one_way():
    assert format_number(Decimal("1.234")) == "1,234"  # the document writes it so
    assert format_decimal_for_input(Decimal("1.234")) == "1,2340"  # the input: not 1234 the English way
    assert format_decimal_for_input(Decimal("0.125")) == "0,125"
    assert format_number(Decimal("1200")) == "1.200"
    assert format_decimal_for_input(Decimal("1200.0000")) == "1200"  # not 1.200: 1200 or 1,2?
    assert format_decimal_for_input(Decimal("77.1700")) == "77,17"
    assert format_decimal_for_input(Decimal("1234567.5")) == "1234567,5"


@given(st.text(alphabet="0123456789.,- \u00a0đ%e", max_size=20))
def test_any_text_is_a_number_or_a_refusal_with_a_message(text):
    for parse in (parse_integer, parse_decimal):
        try:
            parse(text)
        except NumberError as refused:
            assert refused.message


def test_an_ambiguous_whole_number_is_shown_how_to_write_it_whole():
    with pytest.raises(NumberError) as refused:
        parse_integer("1,500")
    assert refused.value.message.endswith("Hãy viết rõ, ví dụ 1.500 hoặc 1500.")


def test_the_way_out_of_an_ambiguity_is_itself_unambiguous():
    for text in ("1,234", "1.500", "1,500", "100.000", "12,345"):
        with pytest.raises(NumberError) as refused:
            parse_decimal(text)
        suggestions = refused.value.message.rsplit("ví dụ ", 1)[1].rstrip(".").split(" hoặc ")
        assert sorted(parse_decimal(suggestion) for suggestion in suggestions) == sorted(
            {parse_decimal(suggestion) for suggestion in suggestions}
        ), text
        assert len(suggestions) == 2, text
