"""Calculations understood the way residents state them (issue 11): what the question asks leads the
answer, negated groups are not priced, visits listed one by one, deadlines, households by member.

Messages here are written for these tests (not taken from the evaluation sets); every expected figure
is worked by hand from the quoted rule.
"""

from __future__ import annotations

import datetime as dt

import pytest

from bot.answers.answering import Answerer
from bot.answers.calc_bridge import outpatient_visits, prepare
from bot.storage.sessions import InMemorySessionStore
from bot.understanding.normalize import normalize
from bot.understanding.slots import extract_slots

TODAY = dt.date(2026, 6, 1)


def no_search(*args, **kwargs):
    raise AssertionError("a calculation must not search")


@pytest.fixture
def answerer():
    return Answerer(search=no_search, sessions=InMemorySessionStore(), today=lambda: TODAY)


def slots_of(text: str):
    return extract_slots(normalize(text), TODAY)


# ------------------------------------------------------------------ deadlines

def test_a_newborn_deadline_question_leads_with_the_last_day_to_pay(answerer):
    # 淮安: "新生儿在出生后 90 天内参保缴费的，从出生之日起享受基本医疗保险待遇"
    # 2026-03-01 + 90 days = 2026-05-30 (March 30 days left + April 30 + May 30)
    answer = answerer.answer("淮安，孩子2026年3月1日生的，最迟什么时候交钱才能从出生那天就能报？")
    assert answer.answer.startswith("最晚应在2026年5月30日（含当天）前缴费到账，才能从2026年3月1日起享受待遇。")


def test_a_deadline_question_is_a_waiting_period_question_not_a_contribution():
    slots = slots_of("女儿2026年1月20日出生，最晚哪天之前缴费？")
    assert (slots.asked, slots.benefit) == ("deadline", "waiting_period")


def test_a_veterans_transition_date_gives_the_veteran_status():
    # 淮安: "自身份转换之日起 90 天内(含 90 天)参保并按规定缴费到账，不设待遇等待期"
    slots = slots_of("我2026年4月1日退役，最晚哪天交医保？")
    request = prepare("waiting_period", slots, "淮安", TODAY, text=normalize("我2026年4月1日退役，最晚哪天交医保？"))
    assert request.payload["status"] == "退役军人"
    assert request.payload["event_date"] == "2026-04-01"


# ------------------------------------------------------------------ what is asked

def test_basic_and_critical_together_are_computed_from_the_hospital_bill(answerer):
    # 长治 三类收费标准: "起付标准 100元 …", "支付比例 85% …": (90000 − 100) × 85% = 76415, capped by
    # "基本基金年累计最高支付医疗费用限额7万元" at 70000; burden 90000 − 70000 = 20000;
    # 大病: "超过1万元以上部分…报销比例75%": (20000 − 10000) × 75% = 7500; together 77500
    answer = answerer.answer("长治普通居民，在三类收费标准的医院住院，政策范围内花了9万元，基本医保加大病保险一共报多少？")
    assert answer.calculation["name"] == "settlement"
    assert answer.answer.startswith("基本医保和大病保险合计支付77500元（基本医保统筹基金70000元 + 大病保险7500元）")


def test_critical_illness_after_the_basic_scheme_leads_with_the_critical_payment(answerer):
    # same case as above: 大病保险 pays 7500 after the basic scheme's 70000 (its annual cap)
    answer = answerer.answer("长治，三类收费标准医院住院，合规费用9万元，基本医保报完以后大病保险还能报多少？")
    assert answer.answer.startswith("基本医保报销70000元后，大病保险再支付7500元。")


def test_a_negated_group_in_brackets_is_not_filled_as_an_input():
    text = normalize("淮安（不是医疗救助对象），报销后个人负担5万元，大病保险报多少？")
    request = prepare("critical_illness", slots_of(text), "淮安", TODAY, text=text)
    assert "group" not in request.payload


# ------------------------------------------------------------------ visits

def test_visits_on_named_weekdays_are_computed_one_by_one(answerer):
    # 长春 村卫生室: "村卫生室无起付线", "统筹基金支付比例50%": 40 × 50% + 100 × 50% = 70
    answer = answerer.answer("长春，周一在村卫生室花了40元，周三在村卫生室花了100元，门诊统筹能报多少？")
    assert answer.calculation["name"] == "outpatient_general"
    assert len(answer.calculation["inputs"]["visits"]) == 2
    assert answer.calculation["total"] == 70.0


def test_each_visit_takes_the_facility_named_last_before_it():
    text = normalize("周一在社区卫生服务站花了60元，周三在卫生院120元")
    visits = outpatient_visits(slots_of(text), text, 2026)
    assert [(v["facility"], v["amount"]) for v in visits] == [("社区卫生服务中心", "60"), ("乡镇卫生院", "120")]
    assert visits[0]["date"] != visits[1]["date"]


def test_one_visits_costs_by_drug_class_are_not_two_visits():
    text = normalize("在二级医院看了一次门诊，甲类药品120元、乙类药品200元")
    assert outpatient_visits(slots_of(text), text, 2026) == []


def test_a_general_fee_said_per_visit_is_added_to_each_visit():
    text = normalize("在社区卫生服务中心看了2次，每次一般诊疗费10元，其余费用分别是80元、120元")
    visits = outpatient_visits(slots_of(text), text, 2026)
    assert [(v["amount"], v["general_fee_amount"]) for v in visits] == [("90", "10"), ("130", "10")]


# ------------------------------------------------------------------ households

def test_siblings_are_household_members_with_their_own_kinds():
    slots = slots_of("全家四口：爸爸是低保户；妈妈是普通居民；姐姐读大专；弟弟上初中")
    assert [(m.relation, m.person, m.groups) for m in slots.household] == [
        ("父亲", "elderly", ["低保对象"]), ("母亲", "elderly", []),
        ("姐姐", "college_student", []), ("弟弟", "student", []),
    ]


def test_a_member_born_in_the_year_asked_is_a_newborn():
    slots = slots_of("2026年全家交医保：我和老婆是成年人，小儿子2026年3月出生")
    assert [m.person for m in slots.household] == ["adult", "adult", "newborn"]


# ------------------------------------------------------------------ day surgery

def test_a_day_surgery_is_paid_without_deductible_at_its_own_rate(answerer):
    # 淮安: "采用日间手术治疗的，结算时不设起付标准" … "由居民医保基金分别支付 80%、75%、70%" (一、二、三级):
    # 三级: 20000 × 70% = 14000
    answer = answerer.answer("淮安，在三级医院做的日间手术，合规费用2万元，医保能报多少？")
    assert answer.calculation["total"] == 14000.0


def test_a_day_surgery_in_suizhou_takes_the_stays_rate_without_deductible(answerer):
    # 随州: "日间手术病种参照住院待遇管理，其发生的属于政策范围内的医疗费用，不设起付标准，由基本医疗保险基金
    # 按照医疗机构级别所对应的住院支付比例支付"; 一级定点 "90%": 3000 × 90% = 2700
    answer = answerer.answer("随州，一级医院日间手术，政策范围内费用3000元，报多少？")
    assert answer.calculation["total"] == 2700.0


# ------------------------------------------------------------------ choices the message states

def test_a_disease_the_message_names_is_not_asked_for_even_beside_a_negated_one(answerer):
    # 淮安 门诊特殊病 asks for its 病种 (严重精神障碍、精神类疾病、其他病种); the message names 精神类疾病 and
    # negates 严重精神障碍, so the calculation runs for 精神类疾病 without a question.
    answer = answerer.answer("淮安门诊特殊病，我是精神类疾病（不属于严重精神障碍），一级医院合规费用3000元，报多少？")
    assert answer.follow_up is None
    assert answer.calculation["inputs"]["disease"] == "精神类疾病"


def test_a_negated_care_category_is_read_with_any_negation_word_and_its_age_condition():
    from bot.answers.calc_bridge import value_from_text
    from calculators.errors import InputError

    choices = ["重度失能", "中度失能", "未完全失能（85至90周岁）"]
    asked = InputError("category", "请填写失能等级", accepted=choices)
    assert value_from_text(asked, "奶奶88岁，没有完全失能") == "未完全失能（85至90周岁）"
    assert value_from_text(asked, "奶奶70岁，没有完全失能") is None


def test_amounts_one_per_disease_are_summed_for_the_two_diseases_benefit():
    # 两病: one annual amount for both diseases; the message gives one per disease and no total
    text = normalize("淮安，高血压和糖尿病都有，基层拿药，降压药800元、降糖药700元，两病能报多少")
    request = prepare("two_diseases", slots_of(text), "淮安", TODAY, text=text)
    assert request.payload["amount"] == "1500"


def test_an_input_that_changes_nothing_for_the_case_is_not_asked_for(answerer):
    # 连云港 门诊慢性病: "对应合规费用500元（高血压、糖尿病200元）以上部分"; 二级 "…报销比例分别为75%、70%、65%";
    # the class caps "封顶线甲类疾病为5000元，乙类疾病为3000元" are not reached by 1500元:
    # (1500 − 200) × 70% = 910 whatever the class
    answer = answerer.answer("连云港，高血压门诊慢性病，在二级医院，今年合规费用1500元，统筹报多少？")
    assert answer.follow_up is None
    assert answer.calculation["total"] == 910.0


def test_an_input_that_changes_the_result_is_still_asked_for(answerer):
    # 8000元 reaches the 乙类 cap (3000) but not the 甲类 one (5000): the class decides the figure
    answer = answerer.answer("连云港，高血压门诊慢性病，在二级医院，今年合规费用8000元，统筹报多少？")
    assert answer.follow_up is not None and answer.follow_up.slot == "disease_class"


def test_a_question_about_the_own_share_leads_with_it_for_outpatient_costs(answerer):
    # 长春 村卫生室: "村卫生室无起付线", "统筹基金支付比例50%": 100 × 50% = 50 paid, 50 left to the resident
    answer = answerer.answer("长春，在村卫生室看门诊花了100元，自己要掏多少？")
    assert answer.answer.startswith("自己负担50元")
