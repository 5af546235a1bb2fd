"""A benefit the city's documents never describe is declined, whatever other words of the question they cover.

连云港's documents never name 长期护理保险 (the lexicon's term for long-term care insurance); its
contribution notice covers 老年人 and 钱 in other senses ("钱款退回", "低收入农户中的老年人…全额资助", 2017 办法).
"""

from __future__ import annotations

import dataclasses

from bot.answers.compose import compose
from tests.test_compose import passage_with


def test_a_benefit_the_citys_documents_never_name_is_declined_though_other_words_are_covered():
    # the ranker sure of its first passage, which covers every other word of the question
    refund = dataclasses.replace(passage_with("lyg-2026-contribution-notice", "钱款退回"), confidence=0.9)
    elderly = passage_with("lyg-2017-measures", "低收入农户中的老年人")
    result = compose("连云港长期护理保险线上缴费后钱款退回了怎么办", [refund, elderly], "连云港")
    assert not result.answered
    assert "长期护理保险" in result.missing


def test_a_benefit_the_citys_documents_name_is_answered():
    # 连云港 2026 notice: "大病保险起付标准" … (the notice states the 大病保险 figures)
    notice = passage_with("lyg-2026-contribution-notice", "大病保险")
    result = compose("连云港大病保险是怎么报销的", [notice], "连云港")
    assert result.answered
