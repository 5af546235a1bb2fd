"""The composer's decision and completeness: declines on evidence, lists kept with their lead-in."""

from __future__ import annotations

import dataclasses

from bot.answers.compose import compose
from tests.test_compose import passage_with

# Everyday words that no document of the corpus uses (婆娘, 唠叨, 闹腾, 瞎琢磨) around one that they do (个人账户).
CHATTY = "婆娘嘀咕唠叨闹腾瞎琢磨：淮安居民医保还有个人账户吗"


def _personal_account(confidence: float | None):
    # 淮安 Q90: "……逐步建立了门诊统筹，小病也能报销了，就不再设置个人账户。"
    return dataclasses.replace(passage_with("ha-2026-100qa", "不再设置个人账户"), confidence=confidence)


def test_words_no_document_uses_do_not_decline_a_question_without_a_ranker():
    result = compose(CHATTY, [_personal_account(None)], "淮安")
    assert result.answered
    assert "就不再设置个人账户" in result.text


def test_words_no_document_uses_do_not_decline_when_the_ranker_trusts_its_first_passage():
    result = compose(CHATTY, [_personal_account(0.9)], "淮安")
    assert result.answered
    assert "就不再设置个人账户" in result.text


def test_words_no_document_uses_decline_when_the_ranker_doubts_its_first_passage():
    result = compose(CHATTY, [_personal_account(0.2)], "淮安")
    assert not result.answered and result.reason == "topic_not_covered"
    assert "个人账户" not in result.missing


def test_a_decline_for_doubt_does_not_name_words_no_document_uses():
    result = compose(CHATTY, [_personal_account(0.2)], "淮安")
    assert not result.answered
    assert not set(result.missing) & {"婆娘", "唠叨", "闹腾", "瞎琢磨", "嘀咕"}
    assert "婆娘" not in result.text and "唠叨" not in result.text


def test_a_sentence_introducing_a_list_is_given_with_its_items():
    # 连云港 2017 实施办法 第十六条: "下列医疗费用不纳入城乡居民医保基金支付范围：1.应当从工伤保险基金中支付的；
    # 2.应当由第三人负担的；3.应当由公共卫生负担的；4.在境外就医的；…"
    articles = passage_with("lyg-2017-measures", "下列医疗费用不纳入")
    result = compose("连云港居民医保 哪些看病的钱 基金不管", [articles], "连云港")
    assert result.answered
    assert result.text.startswith("下列医疗费用不纳入城乡居民医保基金支付范围：1.应当从工伤保险基金中支付的；")
    assert "2.应当由第三人负担的；" in result.text
    assert "4.在境外就医的；" in result.text
    assert result.text.endswith("6.其他按规定不予报销的医疗费用。[1]")


def test_a_call_centre_record_tag_is_not_read_as_the_question():
    from bot.answers.evidence import profile_question

    # "坐席记录：", "｜家属代问" and "｜已答复待核" frame the question; they are not what it asks
    terms = {t.surface for t in profile_question("坐席记录：淮安居民医保个人账户还有吗｜家属代问｜已答复待核").terms}
    assert "个人账户" in terms
    assert not terms & {"记录", "家属", "答复", "待核", "代问"}


# Words the documents use (公司, 合并, 听说 …) that the chosen passage does not hold outweigh the one it does.
WORDY = "听说公司合并以后签合同的北京同事说淮安居民医保还有个人账户吗"


def test_document_words_the_passage_lacks_do_not_decline_when_the_ranker_trusts_its_first_passage():
    result = compose(WORDY, [_personal_account(0.9)], "淮安")
    assert result.answered
    assert "就不再设置个人账户" in result.text


def test_document_words_the_passage_lacks_decline_when_the_ranker_doubts_its_first_passage():
    result = compose(WORDY, [_personal_account(0.2)], "淮安")
    assert not result.answered and result.reason == "topic_not_covered"


def test_document_words_the_passage_lacks_decline_without_a_ranker():
    result = compose(WORDY, [_personal_account(None)], "淮安")
    assert not result.answered and result.reason == "topic_not_covered"


# 淮安 Q61 "急诊费用可以报销吗？": "……门诊急诊急救死亡的,该次发生的急诊费用按照当地基本医疗保险住院待遇政策报销。"
# A resident says 人没留住 for 死亡; the message's other words (门诊, 费用, 报) favour the 普通门诊统筹 sentence.
EMERGENCY_DEATH = "在门诊急诊抢救，人没留住，费用按什么报"


def _emergency_pair(confidence: float | None):
    return dataclasses.replace(passage_with("ha-2026-100qa", "门诊急诊急救死亡的"), confidence=confidence)


def test_a_short_pair_the_ranker_is_sure_of_answers_whole_when_the_words_prefer_another_passage():
    outpatient = passage_with("ha-2026-100qa", "1.普通门诊统筹")
    result = compose(EMERGENCY_DEATH, [_emergency_pair(0.9), outpatient], "淮安")
    assert result.answered
    assert "门诊急诊急救死亡的,该次发生的急诊费用按照当地基本医疗保险住院待遇政策报销。" in result.text
    assert "普通门诊统筹" not in result.text  # adds nothing the pair does not say
    assert result.used == [result.used[0]] and result.used[0].section.endswith("六十一、急诊费用可以报销吗？")


def test_a_short_pair_the_ranker_doubts_does_not_override_the_words():
    outpatient = passage_with("ha-2026-100qa", "1.普通门诊统筹")
    result = compose(EMERGENCY_DEATH, [_emergency_pair(0.2), outpatient], "淮安")
    assert "门诊急诊急救死亡的" not in result.text


def test_a_figure_another_passage_states_stays_beside_a_whole_pair_that_states_none():
    # 淮安 Q60 (六)异地就医: "3、未按参保地规定办理备案手续的其他临时外出人员，基本医疗保险的支付比例在参保地
    # 相应医疗机构支付比例的基础上降低 20 个百分点。"; Q83 (在外地住院能报销吗) states no percentage.
    pair = dataclasses.replace(passage_with("ha-2026-100qa", "在已开通异地联网结算功能的定点医疗机构"), confidence=0.9)
    away = passage_with("ha-2026-100qa", "未按参保地规定办理备案手续的其他")
    result = compose("淮安参保 在外地就医没办备案 报销比例降多少", [pair, away], "淮安")
    assert result.answered
    assert "降低20个百分点" in result.text.replace(" ", "")
