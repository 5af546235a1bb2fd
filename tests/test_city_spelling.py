"""A covered city's name misspelt on a pinyin keyboard is read as that city."""

from bot.understanding.cities import spell_cities
from bot.understanding.understand import understand


def test_a_misspelt_city_name_of_the_same_sound_is_read_as_the_city():
    assert spell_cities("随洲门诊统筹封顶多少") == "随州门诊统筹封顶多少"
    assert spell_cities("连云岗住院报几成") == "连云港住院报几成"
    assert spell_cities("淮按大病保险") == "淮安大病保险"


def test_a_real_place_of_another_sound_is_left_as_typed():
    assert spell_cities("苏州医保交多少") == "苏州医保交多少"
    assert spell_cities("常州住院") == "常州住院"


def test_a_same_sound_word_sharing_no_character_with_the_city_is_left_as_typed():
    # 岁舟 sounds like 随州 but shares none of its characters
    assert spell_cities("岁舟") == "岁舟"


def test_understanding_takes_the_city_from_a_misspelt_name():
    assert understand("长知两病门诊一年限额多少").city == "长治"
