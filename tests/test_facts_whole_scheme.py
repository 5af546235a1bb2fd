"""A figure asked of the resident scheme as a whole (no benefit named) is answered with the inpatient
stay's figures, the scheme's principal benefit, saying so first (bot/answers/whole_scheme.py, facts.py).

Figures, from the documents:
- 淮安 百问百答 Q60（二）住院: "一级医院 300 元 85% 240000 元" (the stay's 年度基金支付限额 24万元);
  （七）大病保险: "一个自然年度内,大病保险支付限额为 50 万元" — never the answer for the scheme.
- 随州 手册 住院: "一级定点 200 0 90%", "二级定点 500 0 80%", "三级定点 900 0 70%".
- 长治 待遇标准: "支付比例 85% 75% 70% 60% 55%": 三类收费标准, 二类县级, 二类省市级, 一类收费标准 in the city;
  the last, 55%, is the stay 省外 (another care area, not a row of the city's hospitals).
"""

import datetime as dt
import re

import pytest

from bot.answers.answering import Answerer
from bot.answers.facts import figure_ask
from bot.answers.whole_scheme import asks_of_whole_scheme
from bot.understanding.understand import understand

TODAY = dt.date(2026, 12, 1)


@pytest.fixture
def answerer():
    return Answerer(search=lambda *a, **k: [], today=lambda: TODAY)


def _cells(text: str) -> list[list[str]]:
    lines = text.splitlines()
    rows = [line for n, line in enumerate(lines)
            if line.startswith("| ") and not (n + 1 < len(lines) and lines[n + 1].startswith("|---"))]
    return [[re.sub(r"\[\d+\]", "", c).strip() for c in row.strip("| ").split(" | ")] for row in rows]


def test_the_schemes_yearly_most_is_the_stays_cap_not_the_critical_illness_cap(answerer):
    # 淮安: "一级医院 300 元 85% 240000 元" (the stay); 大病保险 "支付限额为 50 万元"
    a = answerer.answer("淮安的居民医保一年到头最多能给报销多少钱")
    assert not a.refused
    assert "24万元" in a.answer and "50万" not in a.answer


def test_an_answer_for_the_scheme_as_a_whole_says_first_it_is_the_stays(answerer):
    a = answerer.answer("淮安的居民医保一年到头最多能给报销多少钱")
    assert a.answer.startswith("住院：")
    assert "淮安" in a.answer.split("\n", 1)[0]


def test_the_schemes_deductible_under_another_name_of_the_scheme_is_the_stays(answerer):
    # 随州: "一级定点 200 0 90%", "二级定点 500 0 80%", "三级定点 900 0 70%"
    a = answerer.answer("随州农村合作医疗的起付钱是多少")
    assert [row[1] for row in _cells(a.answer)] == ["200元", "500元", "900元"]


def test_a_rate_asked_with_no_scheme_word_is_the_stays_rate_by_level(answerer):
    # 长治: "支付比例 85% 75% 70% 60% 55%" (55% 省外)
    a = answerer.answer("长治那边报销能报几成啊")
    assert a.answer.startswith("住院：")
    assert [row[-1] for row in _cells(a.answer)] == ["85%", "75%", "70%", "60%"]


def test_a_time_and_a_hospital_level_keep_a_question_one_of_the_whole_scheme():
    u = understand("今年三级医院的医保报销比例多少")
    assert asks_of_whole_scheme(u.normalized, u.slots)


@pytest.mark.parametrize("question", ["连云港中药饮片报销比例是多少", "淮安的学生医保起付线多少",
                                      "长春异地看病最多能报多少"])
def test_a_figure_of_something_named_is_not_asked_of_the_whole_scheme(question):
    u = understand(question)
    ask = figure_ask(u.normalized, u.slots)
    assert ask is None or not ask.whole_scheme
