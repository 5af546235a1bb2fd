"""bot.understanding.normalize: widths, traditional characters, spaces and length."""

import pytest

from bot.understanding.normalize import MAX_INPUT_CHARS, normalize, was_truncated


def test_full_width_digits_and_letters_become_half_width():
    assert normalize("ＡＰＰ里查１２３") == "APP里查123"


def test_full_width_percent_and_punctuation_become_ascii():
    assert normalize("报销５０％，对吗？") == "报销50%,对吗?"


def test_chinese_sentence_punctuation_outside_the_full_width_block_is_kept():
    assert normalize("住院、门诊。《条例》") == "住院、门诊。《条例》"


def test_ideographic_space_and_runs_of_whitespace_collapse():
    assert normalize("淮安　 居民医保\t\n财政补助") == "淮安 居民医保 财政补助"


def test_ends_are_stripped():
    assert normalize("  你好  ") == "你好"


def test_traditional_domain_characters_become_simplified():
    assert normalize("醫療費用報銷，門診繳費，三萬元，六歲，三級醫院") == "医疗费用报销,门诊缴费,三万元,六岁,三级医院"


def test_traditional_question_words_become_simplified():
    assert normalize("長春住院能報多少錢嗎") == "长春住院能报多少钱吗"


def test_simplified_text_is_unchanged():
    text = "连云港大病保险个人负担15万以上的那部分报多少?"
    assert normalize(text) == text


def test_long_input_is_cut_at_the_limit():
    assert len(normalize("医" * (MAX_INPUT_CHARS + 50))) == MAX_INPUT_CHARS


def test_was_truncated_tells_whether_the_limit_cut_the_message():
    assert was_truncated("医" * (MAX_INPUT_CHARS + 1)) is True
    assert was_truncated("医" * MAX_INPUT_CHARS) is False


def test_non_string_input_is_a_type_error():
    with pytest.raises(TypeError, match="takes a str"):
        normalize(None)  # type: ignore[arg-type]


def test_clean_input_removes_a_lone_surrogate():
    from bot.understanding.normalize import clean_input
    assert clean_input("淮安\ud800起付线") == "淮安起付线"


def test_clean_input_removes_control_and_invisible_characters_and_keeps_line_breaks_as_spaces():
    from bot.understanding.normalize import clean_input
    assert clean_input("起付\x00线\u200b是\x1b多少\n呢") == "起付线是多少 呢"


def test_clean_input_bounds_the_length():
    from bot.understanding.normalize import clean_input
    assert clean_input("长" * 10_000, max_chars=500) == "长" * 500


def test_clean_input_makes_none_an_empty_string():
    from bot.understanding.normalize import clean_input
    assert clean_input(None) == ""


@pytest.mark.parametrize(("typed", "simplified"), [
    ("長治二級醫院有門檻費嗎", "长治二级医院有门槛费吗"),
    ("沒有辦異地備案 搶救住院能報嗎", "没有办异地备案 抢救住院能报吗"),
    ("癲癇門診慢病每月給多少", "癫痫门诊慢病每月给多少"),
])
def test_traditional_characters_of_any_word_become_simplified(typed, simplified):
    assert normalize(typed) == simplified


def test_simplified_text_is_left_as_it_is():
    text = "淮安三级医院住院起付线是多少 著急 干脆问一下"
    assert normalize(text) == text


@pytest.mark.parametrize(("text", "expected"), [("二零二四年交多少", "2024年交多少"), ("二〇二五年度", "2025年度")])
def test_a_year_said_digit_by_digit_in_chinese_numerals_becomes_digits(text, expected):
    assert normalize(text) == expected


def test_chinese_numerals_not_before_a_year_are_left_as_they_are():
    assert normalize("住了一二三四天") == "住了一二三四天"
