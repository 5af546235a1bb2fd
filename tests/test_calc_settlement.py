"""One-stop settlement: basic scheme → 大病保险 → medical assistance, in order."""

import datetime as dt
from decimal import Decimal

import pytest

from calculators.registry import run
from calculators.rules import load_city_rules
from corpus.catalogue import CITIES

Y2026 = dt.date(2026, 6, 1)


def settle(**payload):
    return run("settlement", {"date": Y2026, **payload})


def test_ordinary_resident_pays_what_basic_and_critical_illness_leave():
    """连云港2026 三级: (150000 − 800) × 65% = 96980; personal 53020;
    大病 (53020 − 16000) × 60% = 22212; final 150000 − 96980 − 22212 = 30808."""
    result = settle(city="连云港", level="三级", cost=150000)
    assert result.details["basic"] == Decimal("96980.00")
    assert result.details["critical_illness"] == Decimal("22212.00")
    assert result.details["assistance"] == 0
    assert result.total == Decimal("30808.00")


def test_earlier_burden_counts_towards_the_critical_illness_deductible():
    """Year burden 20000 + 53020 = 73020 → (73020 − 16000) × 60% = 34212, of which
    (20000 − 16000) × 60% = 2400 was paid before: this stay gets 31812; final 21208."""
    result = settle(city="连云港", level="三级", cost=150000, earlier_burden=20000)
    assert result.details["critical_illness"] == Decimal("31812.00")
    assert result.total == Decimal("21208.00")


def test_assistance_comes_last_for_an_assisted_group():
    """长治 低保 一类: basic 70000 (limit); burden 80000; 大病 (80000 − 5000) × 80% = 60000;
    left 20000 → 医疗救助 "目录内个人自付按70%的比例给予救助" 14000; final 6000."""
    result = settle(city="长治", level="三级", grade="甲等", tier="市级", cost=150000, group="低保对象")
    assert result.details["basic"] == Decimal("70000")
    assert result.details["critical_illness"] == Decimal("60000.00")
    assert result.details["assistance"] == Decimal("14000.00")
    assert result.total == Decimal("6000.00")


def test_the_parts_add_up_to_the_cost():
    result = settle(city="随州", level="三级", cost=200000, class_b_cost=20000, group="低保对象")
    d = result.details
    assert d["basic"] + d["critical_illness"] + d["assistance"] + d["personal"] == d["cost"]


def test_a_city_without_assistance_figures_says_so():
    without = [c for c in CITIES if "assistance" not in load_city_rules(c).sections]
    if not without:
        pytest.skip("every city has assistance figures now")
    result = settle(city=without[0], level="一级", cost=150000, group="特困人员")
    assert result.details["assistance"] == 0
    assert any("医疗救助" in c for c in result.caveats)


def test_the_breakdown_has_one_heading_per_layer():
    result = settle(city="长治", level="一级", cost=80000, group="低保对象")
    headings = [s.label for s in result.steps if s.label.startswith("【")]
    assert headings == ["【基本医保统筹基金】", "【大病保险】", "【医疗救助】", "【结算汇总】"]
