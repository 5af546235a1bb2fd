"""Calculations understood the way residents state them, by class of expression (issue 11, eighth round).

Each test names one class: a type of a disease that a city prices apart (Ⅰ型糖尿病, by every way its
numeral is written), ages of household members said as bare numbers or in a later clause in order, an
outpatient cost of a disease a city lists as a 门诊特殊病 priced by that scheme, and a calculation that
lacks only its cost asking for it. The phrasings are written for these tests (none is a development
question); every expected figure is worked by hand from the document text quoted beside it.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from bot.answers.answering import Answerer
from bot.answers.calc_bridge import prepare
from bot.understanding.homophones import correct_homophones
from bot.understanding.normalize import normalize
from tests.test_calc_wording_classes_4 import TODAY, answered, slots_of  # one answering path, one reading

# ------------------------------------------------------------------ a disease's type priced apart


@pytest.mark.parametrize("said", ["1型糖尿病", "一型糖尿病", "Ⅰ型糖尿病", "I型糖尿病", "糖尿病(1型)", "一型的糖尿病"])
def test_a_type_of_diabetes_said_any_way_is_kept_in_the_disease_slot(said):
    assert slots_of(f"我女儿是{said}，门诊两病用药报多少").diseases == ["Ⅰ型糖尿病"]


def test_diabetes_of_another_type_or_none_stays_diabetes():
    assert slots_of("我是2型糖尿病，两病用药能报多少").diseases == ["糖尿病"]
    assert slots_of("我有糖尿病，两病用药能报多少").diseases == ["糖尿病"]


def test_type_one_diabetes_is_still_one_of_the_two_diseases():
    assert slots_of("女儿1型糖尿病，门诊用药花了900元").benefit == "two_diseases"


def test_type_one_diabetes_gives_the_calculator_its_type():
    text = correct_homophones(normalize("长治，女儿是一型糖尿病，两病门诊买药一年1000元，能报多少"))
    request = prepare("two_diseases", slots_of(text), "长治", TODAY, text=text)
    assert (request.payload["diseases"], request.payload["diabetes_type"]) == ("糖尿病", "Ⅰ型糖尿病")


def test_type_one_diabetes_is_capped_at_its_own_limit():
    # 长治 两病表: "报销比例 甲类药品60%；乙类药品50%", "Ⅰ型糖尿病患者为480元" (其他类型 360元):
    # 1000 × 60% = 600 > 480 -> 480
    assert answered("长治，女儿是一型糖尿病，两病门诊买药一年1000元，能报多少") == ("two_diseases", Decimal(480))


# ------------------------------------------------------------------ ages of members said after them

def ages(text: str) -> list[tuple[str, int | None]]:
    return [(m.relation, m.age) for m in slots_of(text).household]


def test_members_each_followed_by_a_bare_number_have_those_ages():
    assert ages("我们家三口，我38，我爱人36，女儿9，交多少") == [("本人", 38), ("配偶", 36), ("女儿", 9)]


def test_the_resident_as_a_bare_wo_before_an_age_is_a_member():
    assert ages("家里三口人，我38岁，爱人36岁，女儿9岁，交多少") == [("本人", 38), ("配偶", 36), ("女儿", 9)]


def test_one_member_with_a_bare_number_is_no_list_of_ages():
    assert slots_of("我爱人36，住院花了多少能报").household == []


def test_ages_given_in_turn_after_the_members_attach_in_order():
    assert ages("我、爱人和女儿，分别38、36、9岁，交多少") == [("本人", 38), ("配偶", 36), ("女儿", 9)]


def test_bare_numbers_given_in_turn_are_ages_when_the_words_say_so():
    assert ages("家里有爸妈和我，年龄分别是71、69、17，交多少") == [("父亲", 71), ("母亲", 69), ("本人", 17)]


def test_ages_in_turn_of_another_count_than_the_members_attach_to_none():
    assert ages("我、爱人和女儿，分别38、36岁，交多少") == [("本人", None), ("配偶", None), ("女儿", None)]


def test_a_household_listed_with_bare_ages_is_priced_member_by_member():
    # 连云港 2026: "其他成年居民每人每年440元", "18周岁以下未成年居民每人每年420元":
    # 38 and 36 are adults (440 + 440), 9 is under 18 (420): 1300
    assert answered("连云港，我们家三口，我38，我爱人36，女儿9，居民医保一年交多少") == ("contribution", Decimal(1300))


def test_a_household_with_ages_in_turn_is_priced_member_by_member():
    # 连云港 2026: "其他成年居民每人每年440元", "18周岁以下未成年居民每人每年420元":
    # 爸 71 and 妈 69 are adults (440 + 440), 我 17 is under 18 (420): 1300
    assert answered("连云港，家里有爸妈和我，年龄分别是71、69、17，居民医保交多少") == ("contribution", Decimal(1300))


# ------------------------------------------------------------------ an outpatient cost of a listed special disease

def test_dialysis_outpatient_cost_in_changchun_is_priced_as_its_special_disease_at_inpatient_rates():
    # 长春 政策解读第6问: "43种特殊疾病在门诊治疗发生的医疗费，按住院比例进行报销，一年只需支付一次起付线",
    # listed: "肾功能不全透析治疗"; 住院 "二级（县区级）医院400元", 二级 bands 70% to 3万, 75% 3万-6万:
    # (30000 − 400) × 70% + (40000 − 30000) × 75% = 20720 + 7500 = 28220
    assert answered("长春，在区医院（二级）做血透，今年门诊合规费用4万，能报多少") == ("chronic_disease", Decimal(28220))


def test_a_special_disease_cost_stays_an_ordinary_outpatient_one_when_that_scheme_is_named():
    # 长春 门诊统筹: "统筹基金支付比例50%", "年度封顶额度为1000元", "二级公立医疗机构起付线200元":
    # (3000 − 200) × 50% = 1400 > 1000 -> 1000
    assert answered("长春，我在做血透，另外在二级医院普通门诊开感冒药3000元，门诊统筹能报多少") == ("outpatient_general", Decimal(1000))


def test_a_special_disease_outpatient_cost_without_the_hospital_level_asks_for_it():
    answer = Answerer(search=lambda *a, **k: [], today=lambda: TODAY).answer("长春做血透，门诊一年花了4万，能报多少")
    assert answer.follow_up is not None and answer.follow_up.slot == "level"


# ------------------------------------------------------------------ a case told without its cost

def conversation():
    from bot.storage.sessions import InMemorySessionStore

    answerer = Answerer(search=lambda *a, **k: [], sessions=InMemorySessionStore(), today=lambda: TODAY)
    session: list[str] = []

    def say(text: str):
        answer = answerer.answer(text, session_id=session[0] if session else None)
        session[:] = [answer.session_id]
        return answer
    return say


def test_a_special_disease_question_without_a_cost_asks_for_the_cost_not_declines():
    say = conversation()
    first = say("长春，我家老人在做血透，能报多少钱")
    assert not first.refused
    assert first.follow_up is not None and first.follow_up.slot == "amount"


def test_the_cost_given_in_reply_continues_the_calculation_to_its_figure():
    # 长春 政策解读第6问: "按住院比例进行报销，一年只需支付一次起付线"; 住院 "二级（县区级）医院400元",
    # 二级 70% to 3万: (20000 − 400) × 70% = 13720
    say = conversation()
    say("长春，我家老人在做血透，能报多少钱")
    second = say("一年2万")
    assert second.follow_up is not None and second.follow_up.slot == "level"
    third = say("二级")
    assert third.calculation is not None and Decimal(str(third.calculation["total"])) == Decimal(13720)


def test_a_policy_question_about_no_case_is_still_declined_when_unanswered():
    say = conversation()
    assert say("长春医保的报销比例是怎么规定的").follow_up is None


# ------------------------------------------------------------------ amounts listed with commas

def test_visits_listed_with_chinese_commas_are_priced_visit_by_visit():
    # 淮安 普通门诊 (基层): "不设起付线", "其他 … 50%", "年度基金支付限额 … 300 元":
    # (90 + 140 + 260) × 50% = 245 < 300
    assert answered("淮安，在村卫生室看了三次门诊，分别是90，140，260元，能报多少") == ("outpatient_general", Decimal(245))


def test_the_resident_first_in_a_list_opened_by_you_is_a_member():
    assert ages("家里有我、爱人和女儿，分别是38、36、9岁，交多少") == [("本人", 38), ("配偶", 36), ("女儿", 9)]


def test_bare_numbers_describing_a_counted_group_item_by_item_are_its_ages():
    assert ages("两个孩子，一个6一个15，交多少") == [("孩子", 6), ("孩子", 15)]


def test_ages_given_item_by_item_after_a_count_restating_named_members_go_to_those_members():
    assert ages("爸妈两个老人，一个72岁一个70岁，交多少") == [("父亲", 72), ("母亲", 70)]
