"""Properties of the inpatient and 大病保险 calculators over random amounts, for every city."""

import datetime as dt
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from calculators.registry import run

Y2026 = dt.date(2026, 6, 1)

# one valid hospital description per city and level-ish class
HOSPITALS = [
    ("连云港", {"level": "一级"}), ("连云港", {"level": "三级"}), ("连云港", {"area": "未备案", "level": "三级"}),
    ("淮安", {"level": "二级"}), ("淮安", {"level": "三级", "area": "未备案"}),
    ("长春", {"level": "三级", "tier": "省级"}), ("长春", {"level": "一级"}),
    ("长治", {"level": "三级", "grade": "甲等"}), ("长治", {"area": "省外"}),
    ("随州", {"level": "一级"}), ("随州", {"level": "三级", "area": "转诊"}),
]
PEOPLE = ["成年居民", "未成年居民", "在校学生"]
CITIES_GROUPS = [(c, g) for c in ("连云港", "淮安", "长春", "长治", "随州") for g in ("普通", "低保对象", "特困人员")]

amounts = st.decimals(min_value=0, max_value=2_000_000, places=2, allow_nan=False, allow_infinity=False)


def inpatient(city, hospital, person, cost, class_b=Decimal(0)):
    return run("inpatient", {"city": city, "date": Y2026, "person": person, "cost": cost,
                             "class_b_cost": class_b, **hospital})


@settings(max_examples=80, deadline=None)
@given(st.sampled_from(HOSPITALS), st.sampled_from(PEOPLE), amounts, st.decimals(0, 1, places=2))
def test_inpatient_payment_is_between_zero_and_the_cost_and_the_cap(hospital, person, cost, b_share):
    city, where = hospital
    result = inpatient(city, where, person, cost, (cost * b_share).quantize(Decimal("0.01")))
    assert Decimal(0) <= result.total <= cost
    if result.details.get("cap") and city != "连云港":  # 连云港 caps the compliant cost, not the payment
        assert result.total <= result.details["cap"]


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(HOSPITALS), st.sampled_from(PEOPLE), amounts, amounts)
def test_inpatient_payment_never_falls_when_the_cost_rises(hospital, person, a, b):
    city, where = hospital
    low, high = sorted((a, b))
    assert inpatient(city, where, person, low).total <= inpatient(city, where, person, high).total


@settings(max_examples=80, deadline=None)
@given(st.sampled_from(CITIES_GROUPS), amounts)
def test_critical_illness_is_between_zero_and_the_burden_and_the_cap(city_group, burden):
    city, group = city_group
    result = run("critical_illness", {"city": city, "date": Y2026, "burden": burden, "group": group})
    assert Decimal(0) <= result.total <= burden
    if result.details["cap"] is not None:
        assert result.total <= result.details["cap"]


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(CITIES_GROUPS), amounts, amounts)
def test_critical_illness_never_falls_when_the_burden_rises(city_group, a, b):
    city, group = city_group
    low, high = sorted((a, b))
    pay = [run("critical_illness", {"city": city, "date": Y2026, "burden": x, "group": group}).total for x in (low, high)]
    assert pay[0] <= pay[1]


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(HOSPITALS), amounts)
def test_settlement_parts_add_up_and_are_never_negative(hospital, cost):
    city, where = hospital
    d = run("settlement", {"city": city, "date": Y2026, "cost": cost, "group": "低保对象", **where}).details
    assert min(d["basic"], d["critical_illness"], d["assistance"], d["personal"]) >= 0
    assert d["basic"] + d["critical_illness"] + d["assistance"] + d["personal"] == d["cost"]
