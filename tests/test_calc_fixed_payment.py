"""定额治疗 (calculators/fixed_payment.py): one fixed personal payment a year, whatever the bill (长春).

Figures from the 长春 handbook, 政策解读第34问: “血液透析低自付实现了在市级医疗机构只需自付800元、区级定点机构
只需自付600元”, “参保患者一年只需支付一次定额”; 第35问: “参保职工患者只需支付400元，居民患者700元，即可享受
舒缓疗护政策的规范治疗”.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from bot.answers.answering import Answerer
from calculators.errors import InputError
from calculators.registry import run

TODAY = dt.date(2026, 12, 2)


def calc(**inputs):
    return run("fixed_payment", {"city": "长春", **inputs}, today=TODAY)


def test_dialysis_low_copay_at_a_city_hospital_is_800_a_year():
    assert calc(scheme="重特大疾病低自付", hospital_tier="市级").total == Decimal(800)


def test_dialysis_low_copay_at_a_district_hospital_is_600_a_year_whatever_the_bill():
    result = calc(scheme="重特大疾病低自付", hospital_tier="区级", cost="90000")
    assert result.total == Decimal(600)
    assert result.details["fund"] == Decimal(89400)


def test_hospice_care_is_700_for_a_resident():
    assert calc(scheme="舒缓疗护", cost="25000").total == Decimal(700)


def test_low_copay_without_the_hospital_tier_asks_for_it():
    with pytest.raises(InputError) as exc:
        calc(scheme="重特大疾病低自付")
    assert exc.value.field == "hospital_tier"


def test_low_copay_for_a_treatment_without_a_listed_amount_is_refused():
    with pytest.raises(InputError) as exc:
        calc(scheme="重特大疾病低自付", hospital_tier="市级", treatment="脑瘫康复")
    assert exc.value.field == "treatment"


def answered(question: str):
    answer = Answerer(search=lambda *a, **k: [], today=lambda: TODAY).answer(question)
    assert answer.follow_up is None, answer.answer
    assert answer.calculation is not None, answer.answer
    return answer.calculation["name"], Decimal(str(answer.calculation["total"]))


def test_a_message_naming_the_low_copay_scheme_is_its_fixed_payment():
    assert answered("长春 老伴尿毒症 在市级低自付定点医院做血透 一年费用八万左右 个人要出多少") == (
        "fixed_payment", Decimal(800))


def test_a_message_naming_hospice_care_is_its_fixed_payment():
    assert answered("长春居民医保 我爸脑梗终末期 进了安宁疗护的定点医院 花了一万五 自己负担多少") == (
        "fixed_payment", Decimal(700))
