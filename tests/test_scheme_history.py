"""Questions whether a former scheme still exists or was replaced (bot/answers/scheme_history.py).

Documents:
- 连云港 办法 第二十一条: "本办法自2018年1月1日起施行，原城镇居民基本医疗保险和新型农村合作医疗相关政策文件同时废止。"
- 淮安 百问百答 Q21: "2016年起，新农合和城镇居民医保整合为“城乡居民医保”".
"""

from __future__ import annotations

import pytest

from bot.answers.compose import compose
from bot.answers.scheme_history import history_ask
from tests.test_compose import passage_with


@pytest.mark.parametrize(("question", "scheme"), [
    ("现在还有合作医疗吗", "合作医疗"),
    ("城镇居民医保早就取消了吧", "城镇居民医保"),
    ("听说农合跟别的合并了，是真的吗", "农合"),
    ("还能参加新农合吗", "新农合"),
])
def test_a_question_on_whether_a_former_scheme_still_exists_names_it(question, scheme):
    ask = history_ask(question)
    assert ask is not None and ask.scheme == scheme


@pytest.mark.parametrize("question", [
    "合作医疗住院一次能报多少",
    "以前新农合看病要先垫钱，现在还有这个规定吗",
    "新农合一年交多少钱",
])
def test_a_question_about_todays_benefits_under_an_old_name_is_no_history_question(question):
    assert history_ask(question) is None


def test_whether_the_old_rural_scheme_still_exists_is_answered_by_the_article_that_ended_it():
    ended = passage_with("lyg-2017-measures", "同时废止")
    other = passage_with("lyg-2017-measures", "第三条管理部门")
    result = compose("连云港如今还有农村合作医疗吗", [ended, other], "连云港")
    assert result.answered
    assert "新型农村合作医疗相关政策文件同时废止" in result.text


def test_whether_an_old_scheme_was_merged_is_answered_by_the_sentence_naming_the_merger():
    merged = passage_with("ha-2026-100qa", "整合为“城乡居民医保”")
    other = passage_with("ha-2026-100qa", "如果不参保将失去")
    result = compose("淮安的城镇居民医保是不是取消了", [other, merged], "淮安")
    assert result.answered
    assert "新农合和城镇居民医保整合为“城乡居民医保”" in result.text
