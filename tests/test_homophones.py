"""Homophone typos of a pinyin keyboard are read as the corpus words they sound like."""

import pytest

from bot.understanding.homophones import correct_homophones
from bot.understanding.understand import understand


@pytest.mark.parametrize("typed, meant", [
    ("住院报消比例多少", "住院报销比例多少"),  # 报销 bao xiao
    ("医宝一年交多少", "医保一年交多少"),  # 医保 yi bao
    ("举报骗宝有奖励吗", "举报骗保有奖励吗"),  # 骗保 pian bao
    ("门诊统愁一年封顶多少", "门诊统筹一年封顶多少"),  # 统筹 tong chou
    ("医疗就助找谁申请", "医疗救助找谁申请"),  # 救助 jiu zhu
    ("医保中心咨询电化", "医保中心咨询电话"),  # a rare word (电化) for a far commoner one
])
def test_a_homophone_typo_is_read_as_the_corpus_word(typed, meant):
    assert correct_homophones(typed) == meant


@pytest.mark.parametrize("typed, meant", [
    ("住院的封丁线是多少", "住院的封顶线是多少"),  # 封顶线 feng ding xian: single characters for a policy term
    ("大并保险二次报销怎么算", "大病保险二次报销怎么算"),  # 大病保险: single characters and the word after them
    ("门诊的起付綫多少", "门诊的起付线多少"),  # 起付线 with the traditional 綫
])
def test_a_homophone_typo_of_a_long_policy_term_is_read_as_that_term(typed, meant):
    assert correct_homophones(typed) == meant


@pytest.mark.parametrize("text", [
    "我是学生，一年交多少",  # 我市 sounds alike: 我 and 是 are likelier as typed
    "一年就住这一次院",  # 救助 sounds like 就住
    "报销的计算公式是什么",  # 公式 is a real word, although 公示 is in the documents
    "我爸是连云港居民",
    "给小孩交医保要交多少钱",
    "不交的话还能报销吗",  # 补缴 sounds like 不交: a two-character term is no policy term by sound alone
])
def test_ordinary_wording_is_left_as_typed(text):
    assert correct_homophones(text) == text


def test_the_understood_question_carries_the_correction():
    assert understand("淮安 住院 报消 比例").normalized == "淮安 住院 报销 比例"


@pytest.mark.parametrize("typed, meant", [
    ("门诊的报销比列有多高", "门诊的报销比例有多高"),  # 报销比例 bi li, typed 比列 bi lie: one letter more
    ("去外省异地就一要先备案吗", "去外省异地就医要先备案吗"),  # 异地就医 yi, typed 一 yi after the word 异地
    ("孩子是在校大学僧", "孩子是在校大学生"),  # 大学生 sheng, typed 僧 seng: z/zh-style letter dropped
])
def test_a_near_sound_typo_of_one_character_of_a_long_policy_term_is_read_as_that_term(typed, meant):
    assert correct_homophones(typed) == meant


@pytest.mark.parametrize("text", [
    "门诊报销比率是多少",  # 比率 (bi lü) is a word of its own: 报销比率 is no typo of 报销比例
    "在学校读书的学生怎么交",  # 的学生 (de) is no 大学生 (da): a first character off is the word before
])
def test_a_real_phrase_one_sound_from_a_policy_term_is_left_as_typed(text):
    assert correct_homophones(text) == text
