"""search + compose on the real index of the whole corpus (built once per session by conftest)."""

from __future__ import annotations

import dataclasses

from bot.answers.compose import compose
from bot.retrieval.retriever import get_retriever


def ask(settings, question: str, city: str | None):
    passages = get_retriever(settings).search(question, city=city, k=8)
    return compose(question, passages, city)


def test_retrieved_qa_answers_the_huaian_record_question(real_index):
    # 淮安 Q24: "登录“国家医保服务平台”APP，点击【首页】-【缴费记录】……"
    result = ask(real_index, "医保缴费记录在哪个APP查？", "淮安")
    assert result.answered
    assert "国家医保服务平台" in result.text
    assert result.used[0].city == "淮安"


def test_retrieved_passages_without_the_topic_are_declined_when_the_ranker_doubts_them(real_index):
    # no 长春 document gives the service hall's address or hours; the passages found share none of it
    passages = get_retriever(real_index).search("医保服务大厅地址在哪？周六上班吗？", city="长春", k=8)
    doubted = [dataclasses.replace(p, confidence=0.3) for p in passages]
    result = compose("医保服务大厅地址在哪？周六上班吗？", doubted, "长春")
    assert not result.answered
    assert result.reason == "topic_not_covered"


def test_question_about_another_place_is_declined_after_retrieval(real_index):
    result = ask(real_index, "杭州的西湖益联保一年保费多少钱？", None)
    assert (result.answered, result.reason) == (False, "other_place")
