"""Replaced figures read off the rules data's versions (bot.answers.supersession)."""

from bot.answers.compose import compose
from bot.answers.supersession import replacement
from tests.test_compose import passage_with

# 连云港 2017 办法 第十一条: "封顶线为400元"; 2018 通知 第二条: "将普通门诊统筹封顶线调整为800元"
EARLIER_CAP = "在起付线和封顶线之间的部分，基本医疗统筹基金报销比例为50%，封顶线为400元。"
LATER_CAP = "普通门诊统筹费用不设起付线，将普通门诊统筹封顶线调整为800元。"


def test_a_later_version_of_another_value_replaces_the_earlier_figure():
    found = replacement("连云港", EARLIER_CAP, LATER_CAP)
    assert found is not None
    assert (found.where, found.earlier.value, found.later.value) == ("outpatient.annual_cap", 400, 800)


def test_an_earlier_version_does_not_replace_a_later_one():
    assert replacement("连云港", LATER_CAP, EARLIER_CAP) is None


def test_sentences_of_different_rules_replace_nothing():
    # 2017 办法: 门诊慢性病 "每增加一个病种封顶线增加500元，最多增加1000元" is not the outpatient cap
    assert replacement("连云港", "每增加一个病种封顶线增加500元，最多增加1000元。", LATER_CAP) is None


def test_a_city_whose_rules_have_one_version_replaces_nothing():
    assert replacement("淮安", EARLIER_CAP, LATER_CAP) is None


def test_no_figure_is_called_replaced_without_a_replaced_rule():
    # 2017 办法 第十一条 2.门诊慢性病 (two diseases raise the cap) and the 2026 notice's 门诊慢性病
    # sentence state different figures, but the rules data hold no version of one replacing the other
    older = passage_with("lyg-2017-measures", "最多增加1000元")
    newer = passage_with("lyg-2026-contribution-notice", "封顶线根据病种不同分别为3000元和5000元")
    result = compose("连云港同时办了两种门诊慢性病封顶线最多提高多少", [newer, older], "连云港")
    assert "已被取代" not in result.text
