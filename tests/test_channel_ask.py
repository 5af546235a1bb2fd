"""Whether a question asks for a channel itself (bot.understanding.channel_ask)."""

import pytest

from bot.understanding.channel_ask import ChannelAsk, channel_ask, channel_parts
from bot.understanding.parts import Part


@pytest.mark.parametrize("text", [
    "医保中心的电话号码是多少",  # the name, then a word asking its value
    "公众号叫什么名字",
    "应该打哪个医保咨询电话",  # a which-word, modifiers, then the name
    "有没有官方的公众号",
    "医保 咨询 热线",  # the last of a string of keywords
    "医保的事去哪咨询",  # asking where to ask
])
def test_each_way_of_asking_for_a_channel_is_read(text):
    assert channel_ask(text) is not None


@pytest.mark.parametrize("text", [
    "可以用电话缴费吗",  # the channel as the means of paying
    "有没有电话交费的办法",
    "用哪个公众号交医保",
    "医保卡号码是多少",  # a number of the resident's own, not a channel
    "交费以后什么时候打电话确认",
    "我昨天打了医保热线",  # an account of a call made, not a string of keywords
])
def test_a_channel_named_in_another_sense_is_not_asked_for(text):
    assert channel_ask(text) is None


def test_the_kind_named_is_read():
    assert channel_ask("有没有公众号").kinds == ("wechat",)
    assert channel_ask("咨询热线是多少").kinds == ("phone",)
    assert channel_ask("怎么联系医保部门").kinds == ()  # any kind


def test_a_question_about_fraud_asks_for_reporting_channels():
    assert channel_ask("发现骗保行为打什么电话").report
    assert not channel_ask("咨询热线是多少").report


def test_a_person_named_by_enrolment_names_no_matter():
    assert channel_ask("我是参保居民，咨询电话是多少") == ChannelAsk(("phone",), False, ())
    assert channel_ask("办理参保找哪个电话").matters == ("enrolment",)


def test_a_channel_asked_after_a_comma_beside_another_question_is_a_question_of_its_own():
    assert channel_parts("起付线多少，咨询电话是多少") == [Part("起付线多少"), Part("咨询电话是多少")]


def test_a_clause_about_the_reporting_reward_joins_the_reporting_question():
    assert channel_parts("住院能报几成，举报电话是多少，最高奖多少") == [
        Part("住院能报几成"), Part("举报电话是多少，最高奖多少")]


def test_a_message_asking_only_for_a_channel_is_not_split():
    assert channel_parts("我在榆树，咨询电话是多少") == []
