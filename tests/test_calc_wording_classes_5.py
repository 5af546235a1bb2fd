"""Calculations understood the way residents state them, by class of expression (issue 11, fifth round).

Each test names one class the studied set blind_calc_cases_5 showed unread. The phrasings are written
for these tests (none is an evaluation question); every expected figure is worked by hand from the
document text quoted beside it.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from bot.answers.answering import Answerer
from tests.test_calc_wording_classes_4 import TODAY, answered, slots_of  # one answering path, one reading

# ------------------------------------------------------------------ a negation contrasted by a copula


def test_a_group_after_an_affirming_copula_is_outside_the_negation():
    assert slots_of("她不是残疾人是低保户，住院自付三千").groups == ["低保对象"]
    assert slots_of("我不属于学生而是成年人，住院花了2万").person == "adult"
    assert slots_of("他非特困倒是低保，门诊花了300").groups == ["低保对象"]


def test_the_negated_group_before_the_copula_stays_unsaid():
    assert "残疾人" not in slots_of("她不是残疾人是低保户，住院自付三千").groups


def test_a_household_member_described_by_a_contrast_pays_the_affirmed_groups_share():
    # 随州 2025 (sz-resident-brochure): “城镇低保救助对象 40 360”, “普通居民 400 0”
    # -> father 40 + me 400 + wife 400 = 840
    name, total = answered("随州2025年一家三口个人要交多少：我爸不是残疾人而是城镇低保，我和老婆都是普通居民")
    assert total == Decimal("840")


# ------------------------------------------------------------------ a child named by birth order alone


def test_a_child_named_by_birth_order_alone_is_a_member_of_its_own():
    s = slots_of("家里四口：我、老婆、大女儿上高中、小的才两岁，今年交多少")
    assert [m.relation for m in s.household] == ["本人", "配偶", "大女儿", "老小"]
    assert s.household[-1].age == 2


def test_an_order_word_before_a_noun_names_no_member():
    assert "老小" not in [m.relation for m in slots_of("我和老婆，去小的医院住院花了5000").household]


def test_a_household_with_the_youngest_named_by_order_counts_every_member():
    # 长春 2021 (cc-policy-handbook 参保缴费指南): “2021年缴费金额 (成年/未成年)” “320/200”; a newborn and a
    # pupil pay the 未成年 200 -> 2 × 320 + 200 + 200 = 1040
    name, total = answered("长春2021年度，我和媳妇两个大人，大女儿上小学，小的2021年8月出生，全家个人一共缴多少")
    assert total == Decimal("1040")


# ------------------------------------------------------------------ dates: a lapse, cover had, the cost's year


def test_a_year_said_of_a_lapse_with_words_between_is_not_the_year_in_question():
    s = slots_of("去年一直没交，2026年3月2日补交的，哪天起能报")
    assert (s.dates.year, s.dates.payment) == (None, dt.date(2026, 3, 2))


def test_a_late_payment_after_a_lapse_year_starts_cover_after_the_wait():
    # 淮安 (ha-2026-100qa): “设置固定待遇等待期 2 个月，也就是自缴费之日起 2 个月内不能享受待遇”
    # -> 2026-03-02 + 2 months = 2026-05-02
    answer = Answerer(search=lambda *a, **k: [], today=lambda: TODAY).answer(
        "淮安 去年就断缴了 2026年3月2日补交的 从哪天起能报", city=None)
    assert answer.calculation is not None, answer.answer
    assert "2026-05-02" in answer.answer


def test_asking_when_cover_is_had_is_a_waiting_period_question():
    for ask in ("什么时候能有保障", "啥时候开始有待遇", "哪天起享有医保待遇"):
        assert slots_of(f"2026年2月10日交的费，预缴期没交，{ask}").benefit == "waiting_period", ask


def test_cover_had_after_a_late_payment_is_dated_from_the_payment():
    # 长春 (cc-policy-handbook 参保缴费指南): “预缴期未缴费的城乡居民 1月1日—9月30日 自缴费之日起满三个月至当年12月31日”
    # -> 2026-02-10 + 3 months = 2026-05-10
    answer = Answerer(search=lambda *a, **k: [], today=lambda: TODAY).answer(
        "长春居民医保 2026年2月10日交的费，预缴期没交，什么时候能有保障")
    assert answer.calculation is not None, answer.answer
    assert "2026-05-10" in answer.answer


def test_of_several_years_the_one_said_with_the_cost_is_the_year_in_question():
    assert slots_of("前年做过手术，今年住院花了3万").dates.year == TODAY.year
    assert slots_of("2024年确诊的（那年住过院），2025年门诊慢病花了5000").dates.year == 2025


def test_a_past_events_year_in_brackets_does_not_date_the_calculation():
    # 随州 (sz-resident-brochure, in force from 2025-01-01): “居民门诊慢性病报销60%” -> 3000 × 60% = 1800
    name, total = answered("随州 脑梗办了门诊慢性病（2023年确诊的） 今年政策范围内3000 报多少")
    assert (name, total) == ("chronic_disease", Decimal("1800"))


def test_a_bare_number_after_the_costs_basis_named_any_way_is_the_cost():
    for basis in ("政策范围内", "医保目录内", "政策内"):
        assert slots_of(f"门诊慢性病 今年{basis}3000 报多少").amount == Decimal("3000"), basis


# ------------------------------------------------------------------ a price per day beside a count of days


def test_the_single_day_of_a_price_is_no_count_of_days():
    s = slots_of("重度失能，护理费耗材一天合计100元，这个月住满20天，照护保险报多少")
    assert (s.amount, s.amount_per, s.days) == (Decimal("100"), "day", 20)


def test_care_days_stated_after_a_daily_price_multiply_the_daily_payment():
    # 长春 (cc-policy-handbook 30.): “重度失能老人入住定点照护机构，可以享受到床位费、护理费、护理耗材费等项目
    # 日额度107元内城乡居民80%的报销待遇” -> 100 × 80% = 80 a day; × 20 days = 1600
    name, total = answered("长春 我爸重度失能 住定点照护机构，床位护理一天合计100元，这个月住满20天，照护保险报多少")
    assert (name, total) == ("long_term_care", Decimal("1600"))
