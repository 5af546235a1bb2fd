"""A question asking for a channel itself is answered from corpus/contacts.yaml (bot.answers.channels)."""

import datetime as dt

from bot.answers.answering import CITY_QUESTION, Answerer
from bot.storage.sessions import InMemorySessionStore
from tests.test_compose import passage_with

# 长春 handbook, 44: "长春医保：呼叫服务中心电话81110000；… 德惠市医保业务咨询电话：87297631；…"
CC_CONTACTS = passage_with("cc-policy-handbook", "呼叫服务中心电话81110000")
# 长春 handbook: "城乡居民缴费渠道：微信小程序缴费、银行缴费、…"
CC_PAYMENT = passage_with("cc-policy-handbook", "城乡居民缴费渠道")
# 随州 brochure: "待遇政策咨询 0722-3560608 / 参保政策咨询 0722-3338711"
SZ_CONTACTS = passage_with("sz-resident-brochure", "参保政策咨询")
# 淮安 100问, 九十三: "电话（0517-12393）、邮寄等多种渠道进行举报 … 最高奖励 20 万元"
HA_REPORTING = passage_with("ha-2026-100qa", "0517-12393")
# 淮安 100问, （二）住院医疗待遇: "一级医院 300 元 … 二级医院 600 元 … 三级医院 900 元"
HA_INPATIENT = passage_with("ha-2026-100qa", "市外定点医院\t1200 元")


def answerer(*passages):
    return Answerer(search=lambda query, city=None, k=5: list(passages), sessions=InMemorySessionStore(),
                    today=lambda: dt.date(2026, 6, 1))


def listed(text):
    """The values of the answer's list lines, in order."""
    return [line for line in text.splitlines() if line.startswith("- ")]


def test_a_city_question_for_the_phone_line_gets_the_citys_line_cited():
    answer = answerer(CC_CONTACTS).answer("长春医保上的事情打啥电话咨询")
    assert not answer.refused
    assert listed(answer.answer)[0] == "- 长春医保呼叫服务中心电话：81110000[1]"
    assert "呼叫服务中心电话81110000" in answer.citations[0].text


def test_a_named_district_gets_its_own_line_first_and_no_other_districts():
    answer = answerer(CC_CONTACTS).answer("我家在德惠，医保有问题该找哪个电话？")
    lines = listed(answer.answer)
    assert lines[0] == "- 德惠市医保业务咨询电话：87297631[1]"
    assert "81110000" in answer.answer  # the city's own line follows
    assert "83850067" not in answer.answer  # 榆树市's line is not the resident's


def test_a_question_about_paying_gets_suizhou_enrolment_line_first():
    lines = listed(answerer(SZ_CONTACTS).answer("随州交医保费的事，咨询电话是多少").answer)
    assert [line.split("：")[1][:12] for line in lines] == ["0722-3338711", "0722-3560608"]


def test_a_question_about_reimbursement_gets_suizhou_benefit_line_first():
    lines = listed(answerer(SZ_CONTACTS).answer("随州住院报销方面有什么咨询电话").answer)
    assert [line.split("：")[1][:12] for line in lines] == ["0722-3560608", "0722-3338711"]


def test_a_question_naming_no_matter_gets_both_suizhou_lines():
    lines = listed(answerer(SZ_CONTACTS).answer("随州医保的咨询热线是多少").answer)
    assert [line.split("：")[1][:12] for line in lines] == ["0722-3560608", "0722-3338711"]


def test_a_line_kept_for_one_matter_is_given_only_when_that_matter_is_asked():
    # 随州 brochure: "所有因外伤住院的参保居民均需拨打人保公司外伤专线电话（0722-3563216）报备"
    assert "0722-3563216" not in answerer(SZ_CONTACTS).answer("随州医保的咨询热线是多少").answer
    injury = answerer(SZ_CONTACTS).answer("在随县摔伤了住院，要打什么电话报备")
    assert listed(injury.answer)[0].startswith("- 随县参保患者外伤住院报备电话（人保公司外伤专线）：0722-3563216")


def test_reporting_lines_are_given_to_a_question_about_reporting_fraud():
    text = answerer(HA_REPORTING).answer("在淮安发现有人骗保，去哪举报？").answer
    assert "- 医保基金举报电话：0517-12393[1]" in listed(text)
    assert any("最高20万元" in line for line in listed(text))  # "最高奖励 20 万元"


def test_reporting_lines_are_not_given_to_a_consultation_question():
    text = answerer(HA_REPORTING).answer("淮安医保的咨询电话是多少").answer
    assert "12393" not in text
    assert "“淮安市医保局”微信公众号" in text  # the channel 淮安's documents name for questions


def test_a_kind_of_channel_the_documents_do_not_name_is_declined_with_the_ones_they_do():
    # 连云港 notice: "可以关注“连云港医保”或“连云港税务”微信公众号查询"; no phone line
    answer = answerer(CC_CONTACTS).answer("连云港 医保 电话")
    assert answer.refused
    assert answer.answer.startswith("抱歉，连云港的政策文件没有给出医保咨询电话。文件给出的咨询渠道是：")
    assert listed(answer.answer) == ["- “连云港医保”或“连云港税务”微信公众号[1]"]
    assert "微信公众号查询" in answer.citations[0].text


def test_a_city_whose_documents_name_no_channel_is_declined():
    answer = answerer(CC_CONTACTS).answer("长治医保咨询电话多少")
    assert answer.refused
    assert answer.answer.startswith("抱歉，长治的政策文件没有给出医保咨询电话或其他咨询渠道。")


def test_a_reporting_question_of_a_city_without_a_reporting_line_is_declined_with_its_consultation_channel():
    answer = answerer(CC_CONTACTS).answer("长春举报骗保打什么电话")
    assert answer.refused
    assert "81110000" in answer.answer and "举报渠道" in answer.answer


def test_a_question_naming_no_city_asks_for_it_and_the_reply_gets_the_line():
    bot = answerer(CC_CONTACTS, SZ_CONTACTS)
    first = bot.answer("医保咨询热线是多少", session_id=None)
    assert first.answer == CITY_QUESTION
    second = bot.answer("长春", session_id=first.session_id)
    assert listed(second.answer)[0] == "- 长春医保呼叫服务中心电话：81110000[1]"


def test_traditional_characters_reach_the_channel_answer():
    assert "81110000" in answerer(CC_CONTACTS).answer("長春醫保諮詢電話是多少").answer


def test_a_homophone_typo_of_the_channel_name_reaches_the_channel_answer():
    assert "81110000" in answerer(CC_CONTACTS).answer("长春医保咨询电化多少").answer


def test_a_phone_named_as_the_means_of_paying_is_not_a_channel_question():
    text = answerer(CC_PAYMENT, CC_CONTACTS).answer("长春医保费能用手机电话缴费吗").answer
    assert not text.startswith("长春的政策文件给出的") and listed(text) == []
    assert "缴费渠道" in text  # the documents' words on how to pay


def test_a_channel_asked_beside_another_question_leaves_the_other_answered():
    text = answerer(HA_INPATIENT, HA_REPORTING).answer("淮安住院起付线多少，举报骗保的电话是多少").answer
    first, second = text.split("**2.")
    assert "900元" in first  # 三级医院 900 元
    assert "0517-12393" in second
