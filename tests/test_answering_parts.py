"""A message asking several things is answered question by question (Answerer._several)."""

import datetime as dt
import re

from bot.answers.answering import Answerer
from bot.storage.sessions import InMemorySessionStore
from tests.test_compose import passage_with

# 淮安 100问: "居民大病保险不用另行缴费，参加基本医保，自动享受大病报销待遇。"
NO_SEPARATE_PAYMENT = passage_with("ha-2026-100qa", "不用另行缴费")
# 淮安 100问, （二）住院医疗待遇: "一级医院 300 元 85% 240000 元 / 二级医院 600 元 75% / 三级医院 900 元 65%"
INPATIENT_TABLE = passage_with("ha-2026-100qa", "市外定点医院\t1200 元")


def by_topic(query, city=None, k=5):
    """A searcher that finds the inpatient table for a question about a stay, the 大病保险 Q&A otherwise."""
    return [INPATIENT_TABLE, NO_SEPARATE_PAYMENT] if "住院" in query else [NO_SEPARATE_PAYMENT, INPATIENT_TABLE]


def answerer():
    return Answerer(search=by_topic, sessions=InMemorySessionStore(), today=lambda: dt.date(2026, 6, 1))


def test_each_question_of_a_message_is_answered_under_its_own_heading():
    text = answerer().answer("淮安大病保险要另外交钱吗？住院一年最多报多少？").answer
    assert "**1. 淮安大病保险要另外交钱吗？**" in text
    assert "**2. 住院一年最多报多少？**" in text


def test_each_question_of_a_message_gets_its_own_fact():
    text = answerer().answer("淮安大病保险要另外交钱吗？住院一年最多报多少？").answer
    assert "不用另行缴费" in text.split("**2.")[0]
    assert "24万元" in text.split("**2.")[1]


def test_a_message_of_several_questions_names_its_city_once():
    text = answerer().answer("淮安大病保险要另外交钱吗？住院一年最多报多少？").answer
    assert text.startswith("【淮安】") and text.count("【淮安】") == 1


def test_a_passage_cited_by_two_answers_keeps_one_number():
    answer = answerer().answer("淮安住院起付线多少？住院一年最多报多少？")
    assert len({c.text for c in answer.citations}) == len(answer.citations)


def test_a_question_naming_no_benefit_is_about_the_one_before():
    # 淮安 100问 (二)住院医疗待遇: 一级医院 300 元 85%; the second question names no benefit
    text = answerer().answer("淮安一级医院住院起付线多少？报几成？").answer
    assert "85%" in text.split("**2.")[1]


def test_the_question_inside_the_scheme_is_answered_beside_one_outside_it():
    # 淮安 100问 (二)住院医疗待遇: "三级医院 900 元 65%"; 养老金 is outside the resident medical scheme
    text = answerer().answer("淮安三级医院住院起付线多少？退休以后养老金去哪领？").answer
    first, second = text.split("**2.")
    assert "900元" in first
    assert "不在我能回答的范围内" in second


def test_a_message_whose_questions_are_all_outside_the_scheme_is_declined_once():
    answer = answerer().answer("养老金怎么领？公积金能取吗？")
    assert answer.refused
    assert "**1." not in answer.answer


def test_an_elliptical_question_naming_a_changed_level_asks_that_level_only():
    # 淮安 100问 (二)住院医疗待遇: "一级医院 300 元", "三级医院 900 元"
    second = answerer().answer("淮安一级医院住院起付线多少？三级医院呢？").answer.split("**2.")[1]
    assert "900元" in second and "300元" not in second


def test_an_elliptical_question_naming_a_subject_asks_the_figure_of_the_one_before():
    # 淮安 100问 3.门诊特殊病: "精神类疾病：300 元 其他病种：750 元"; 其他病种 is no slot value, only a row
    table = passage_with("ha-2026-100qa", "其他病种：750 元")
    second = Answerer(search=lambda *a, **k: [table], today=lambda: dt.date(2026, 6, 1)).answer(
        "淮安门诊特殊病起付线，精神类疾病多少？其他病种呢？").answer.split("**2.")[1]
    assert "| 门诊特殊病 · 其他病种 | 750元[1] |" in second and "| 门诊特殊病 · 精神类疾病 |" not in second


def test_a_second_question_answered_by_the_same_passage_gets_its_other_units_not_a_repeat(real_index):
    # 长春 手册 33: "新生儿出生后，应在90天内在街道公共服务中心办理居民医保参保登记"; the first question's
    # answer is the waiting rules' newborn line, the second's search finds the same Q&A again
    from bot.retrieval.retriever import get_retriever

    answer = Answerer(search=get_retriever(real_index).search, today=lambda: dt.date(2026, 6, 1)).answer(
        "长春新生儿要在几天内参保？到哪里去办？").answer
    second = answer.split("**2.")[1]
    assert "同上" not in second and "街道公共服务中心" in second


def test_an_elliptical_question_naming_the_other_scheme_asks_the_figure_of_that_scheme(real_index):
    # 长治 待遇标准, 城乡居民医保门诊慢性病 (二类): "16 冠心病 280元 25 银屑病 340元" (职工: "16 冠心病 430元")
    from bot.retrieval.retriever import get_retriever

    answer = Answerer(search=get_retriever(real_index).search, today=lambda: dt.date(2026, 6, 1)).answer(
        "长治冠心病门诊慢病，职工医保每月限额多少？居民医保呢？").answer
    assert re.search(r"\| 门诊慢性病 · 冠心病 \| 280元\[\d\] \|", answer.split("**2.")[1])


def test_a_subject_asked_again_drops_the_word_of_its_kind_from_the_topic():
    # the second question is looked up with the first's topic, 省里定 replaced by its own 市里定
    queries = []

    def searching(query, city=None, k=5):
        queries.append(query)
        return []

    Answerer(search=searching, today=lambda: dt.date(2026, 6, 1)).answer("淮安门诊特殊病病种省里定的有多少种？市里定的又有几种？")
    assert any("市里定" in q and "省里定" not in q and "门诊特殊病" in q for q in queries)


def test_a_follow_up_naming_another_tier_is_looked_up_with_that_tier():
    # 区级的呢 after a question about 市级医院: the question before, asked of the 区级 hospital
    queries = []

    def searching(query, city=None, k=5):
        queries.append(query)
        return []

    Answerer(search=searching, today=lambda: dt.date(2026, 6, 1)).answer("长春做血液透析在市级医院一年自付多少？区级的呢？")
    assert any(q.startswith("长春做血液透析在区级医院") for q in queries)
