"""门诊特药 / 单独支付药品 (calculators/special_drugs.py): figures worked by hand from the quoted rules."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from calculators.errors import InputError
from calculators.registry import run

TODAY = dt.date(2026, 12, 2)


def test_suizhou_pays_a_flat_half_of_a_separately_paid_drug():
    # 随州: "办理单独支付药品使用资格表，报销50%": 30000 × 50% = 15000
    assert run("special_drugs", {"city": "随州", "amount": "30000"}, TODAY).total == Decimal(15000)


def test_suizhou_drugs_paid_as_a_special_disease_are_not_flat_rated():
    # 随州: "纳入特殊疾病支付的单独支付药品按对应的病种报销比例"
    with pytest.raises(InputError) as info:
        run("special_drugs", {"city": "随州", "amount": "30000", "for_special_disease": True}, TODAY)
    assert info.value.field == "for_special_disease"


def test_changchun_special_drugs_pay_a_first_share_then_the_inpatient_rates():
    # 长春: 88种特药 "个人先承担35%，之后按照住院比例报销"; 三级省级 起付 1200元, 起付-3万 55%:
    # 10000 × 65% = 6500; (6500 − 1200) × 55% = 2915
    result = run("special_drugs", {"city": "长春", "amount": "10000", "drug_list": "88种特药", "level": "三级",
                                   "tier": "省级"}, TODAY)
    assert result.total == Decimal(2915)


def test_changchun_asks_which_drug_list_when_it_is_not_said():
    with pytest.raises(InputError) as info:
        run("special_drugs", {"city": "长春", "amount": "10000", "level": "三级", "tier": "省级"}, TODAY)
    assert (info.value.field, info.value.accepted) == ("drug_list", ["88种特药", "10种特药"])


def test_a_city_without_special_drug_rules_says_so():
    with pytest.raises(InputError) as info:
        run("special_drugs", {"city": "淮安", "amount": "10000"}, TODAY)
    assert info.value.field == "city"
