"""Calculations understood the way residents state them, by class of expression (issue 11, ninth round).

Each test names one class: a special disease named with its cost and no benefit, priced by the one
chronic-disease scheme of the city that lists it. The phrasings are written for these tests (none is a
development question); every expected figure is worked by hand from the document text quoted beside it.
"""

from __future__ import annotations

from decimal import Decimal

from bot.answers.answering import Answerer
from tests.test_calc_wording_classes_4 import TODAY, answered

# ------------------------------------------------------------------ a special disease decides the benefit


def asked(question: str) -> str | None:
    """The slot the answer's follow-up question asks for, or None."""
    answer = Answerer(search=lambda *a, **k: [], today=lambda: TODAY).answer(question)
    return answer.follow_up.slot if answer.follow_up is not None else None


def test_a_special_disease_with_a_cost_and_no_benefit_is_priced_by_the_scheme_listing_it():
    # 长春 政策解读第6问 lists "肾功能不全透析治疗" among the 43 门诊特殊疾病, paid "按住院比例进行报销，一年只需支付
    # 一次起付线"; 住院 "二级（县区级）医院400元", 二级 "二级县区级报销70%-80%" (70% up to 3万):
    # (2000 − 400) × 70% = 1120
    assert answered("长春，老伴在二级医院血透，这个月花了2000元，能报多少") == ("chronic_disease", Decimal(1120))


def test_a_disease_of_a_city_s_only_chronic_scheme_with_a_cost_is_priced_by_that_scheme():
    # 长治 居民门诊慢性病: "尿毒症透析" is one of the "一类门诊慢性病（9种）", "支付70%,个人自付": 2500 × 70% = 1750
    assert answered("长治，我爸洗肾这个月花了2500块，报多少") == ("chronic_disease", Decimal(1750))


def test_a_special_disease_with_a_cost_and_no_city_asks_for_the_city_not_the_benefit():
    assert asked("家里老人肾衰透析，这个月花了2800，能报销多少") == "city"


def test_a_special_disease_the_city_does_not_list_still_asks_which_benefit():
    # 淮安's 门诊特殊病 rules name only 严重精神障碍, 精神类疾病 and 其他病种: dialysis is not listed by name
    assert asked("淮安，我爸洗肾这个月花了2500块，报多少") == "benefit"


def test_diseases_of_two_schemes_named_together_ask_which_benefit():
    # 长春 lists 冠心病 as a 门诊慢性病 ("3000元\t冠心病…") and 血友病 as a 门诊特殊疾病 ("血友病")
    assert asked("长春，老人有冠心病又有血友病，这个月看病花了3000元，能报多少") == "benefit"


# ------------------------------------------------------------------ a scheme had only at some hospital levels

def test_a_special_disease_cost_at_a_community_clinic_is_not_priced_as_the_scheme_in_changchun():
    # 长春 政策解读第6问: "在二级及二级以上定点医疗机构医保科（办公室）申请办理，在办理机构门诊享受住院报销待遇":
    # a 社区卫生服务中心 (一级) is below 二级, so the 门诊特殊疾病 pays nothing of the 2000元
    answer = Answerer(search=lambda *a, **k: [], today=lambda: TODAY).answer(
        "长春，在社区卫生服务中心血透，这个月花了2000元，能报多少")
    assert answer.calculation is not None and Decimal(str(answer.calculation["total"])) == 0
    assert "二级及以上" in answer.answer


# ------------------------------------------------------------------ 万一 in an amount and as "in case"

def test_an_amount_ending_in_wan_yi_beside_wan_yi_meaning_in_case_is_priced_at_its_value():
    # 长春 住院 "二级（县区级）医院400元", 二级 70% up to 3万 and 75% from 3万 to 6万 ("二级县区级报销70%-80%"):
    # 3万一 = 31000: (30000 − 400) × 70% + (31000 − 30000) × 75% = 20720 + 750 = 21470
    assert answered("长春，老人在二级医院住院花了3万一，万一还要再住呢，这次能报多少") == ("inpatient", Decimal(21470))


# ------------------------------------------------------------------ two amounts joined by a comma after their count

def test_two_visits_counted_then_their_amounts_joined_by_a_comma_are_priced_visit_by_visit():
    # 淮安 普通门诊 (基层): "不设起付线", "其他 … 50%", "年度基金支付限额 … 300 元":
    # (120 + 260) × 50% = 190 < 300 (read as 120,260元 = 120260 it would be capped at 300)
    assert answered("淮安，在村卫生室看了两次门诊，120，260元，能报多少") == ("outpatient_general", Decimal(190))
