"""Classes of expression a calculation question is stated in (issue 11): enumerations sharing one unit,
amounts without 元, telegraphic messages separated by spaces, verbs of staying and paying, excluded
choices, negated states, ages said as bare numbers, per-day figures, a drug class over a list.

Each message is written for these tests; every expected figure is worked by hand from the quoted rule.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from bot.answers.answering import Answerer
from bot.answers.calc_bridge import calculator_for, prepare, value_from_text
from bot.storage.sessions import InMemorySessionStore
from bot.understanding.normalize import normalize
from bot.understanding.numbers import extract_numbers
from bot.understanding.slots import ages_said, extract_slots
from calculators.errors import InputError
from calculators.registry import run

TODAY = dt.date(2026, 6, 1)


def no_search(*args, **kwargs):
    raise AssertionError("a calculation must not search")


@pytest.fixture
def answerer():
    return Answerer(search=no_search, sessions=InMemorySessionStore(), today=lambda: TODAY)


def slots_of(text: str):
    return extract_slots(normalize(text), TODAY)


def computed(text: str, city: str):
    """The calculator and the result for a message, through the understanding and the bridge."""
    text = normalize(text)
    slots = extract_slots(text, TODAY)
    name = calculator_for(slots, text)
    request = prepare(name, slots, city, TODAY, text=text)
    assert request.follow_up is None, request.follow_up
    return request.name, run(request.name, request.payload, TODAY)


# ------------------------------------------------------------------ numbers

def test_an_enumeration_of_numbers_shares_the_unit_of_its_last_item():
    found = extract_numbers("药钱是25、40、70块")
    assert [(q.value, q.unit) for q in found] == [(25, "money"), (40, "money"), (70, "money")]


def test_an_enumeration_joined_by_spaces_shares_its_unit():
    assert [q.unit for q in extract_numbers("娃 6 9岁")] == ["age", "age"]


def test_a_number_after_words_is_not_joined_to_a_later_unit():
    assert [q.unit for q in extract_numbers("住院3次，花了800元")] == ["count", "money"]


def test_digits_with_qian_are_money_without_a_unit():
    assert [(q.value, q.unit) for q in extract_numbers("乙类3千")] == [(Decimal(3000), "money")]


def test_a_numeral_of_a_word_before_digits_leaves_the_digits_readable():
    # 老二 (the second child) is no number; the age after it is
    assert [(q.value, q.unit) for q in extract_numbers("老二7岁")] == [(7, "age")]


# ------------------------------------------------------------------ slots

def test_a_space_in_a_terse_message_ends_the_scope_of_a_negation():
    slots = slots_of("长春 没赶上集中缴费 2026年3月5号补交了 什么时候能用")
    assert slots.benefit == "waiting_period"
    assert slots.dates.payment == dt.date(2026, 3, 5)


def test_paying_up_with_a_completion_verb_dates_the_payment():
    assert slots_of("2026年3月10号才补上今年的钱").dates.payment == dt.date(2026, 3, 10)


def test_staying_in_a_hospital_with_a_directional_verb_is_a_hospital_stay():
    assert slots_of("父亲住进了县人民医院，政策范围内8000元，报多少").benefit == "inpatient"


def test_an_age_said_as_a_bare_number_after_the_person_is_an_age():
    assert ages_said("我外婆今年88了") == [88]


def test_an_approximate_age_is_no_age():
    assert ages_said("爷爷七十多了") == []


def test_a_figure_said_for_one_day_is_a_daily_amount():
    slots = slots_of("护理费一天60元，住了10天")
    assert (slots.amount, slots.amount_per) == (Decimal(60), "day")


def test_a_bare_number_after_a_drug_is_a_cost():
    assert slots_of("降糖药650 两病报多少").amount == 650


def test_a_drug_class_before_an_enumeration_covers_every_item():
    slots = slots_of("甲类药分别40、60、80元")
    assert (slots.amounts, slots.class_a, slots.amount) == ([40, 60, 80], None, None)


def test_children_named_by_birth_order_are_members_of_their_own():
    slots = slots_of("我家大儿子上高中，小儿子4岁，医保交多少")
    assert [(m.relation, m.person, m.age) for m in slots.household] == [
        ("大儿子", "student", None), ("小儿子", "minor", 4)]


def test_items_after_a_counted_group_describe_its_members_in_order():
    slots = slots_of("两个孩子一个读初中，一个6岁，医保交多少")
    assert [(m.person, m.age) for m in slots.household] == [("student", None), ("minor", 6)]


def test_items_of_another_kind_after_a_counted_group_are_further_members():
    slots = slots_of("家里两个大人，一个上小学的，一个3岁的，医保交多少")
    assert [m.person for m in slots.household] == ["adult", "adult", "student", "minor"]


def test_an_amount_in_a_later_clause_goes_to_the_member_named_before_it():
    slots = slots_of("姥爷是低保户，报销后自付6000元，姥姥是特困人员，自付3000元，医疗救助多少")
    assert [(m.relation, m.amount, m.groups) for m in slots.household] == [
        ("外公", 6000, ["低保对象"]), ("外婆", 3000, ["特困人员"])]


def test_critical_illness_asked_about_a_hospital_bill_asks_for_its_part_after_the_basic_scheme():
    slots = slots_of("在二级医院住院，合规费用10万元，大病保险能报多少")
    assert slots.asked == "critical_illness"


# ------------------------------------------------------------------ choices the message states

def test_a_choice_every_other_of_which_is_excluded_is_the_one_meant():
    exc = InputError("disease", "", accepted=["严重精神障碍", "精神类疾病", "其他病种"])
    text = normalize("我的病不是严重精神障碍，也不属于精神类")
    assert value_from_text(exc, text) == "其他病种"


def test_one_exclusion_among_three_choices_leaves_the_choice_open():
    exc = InputError("disease", "", accepted=["严重精神障碍", "精神类疾病", "其他病种"])
    assert value_from_text(exc, normalize("不是严重精神障碍")) is None


def test_a_negated_state_with_a_verb_of_reaching_says_the_negative_choice():
    exc = InputError("category", "", accepted=["重度失能", "中度失能", "未完全失能（85至90周岁）"])
    assert value_from_text(exc, normalize("外婆今年88了，还没达到完全失能")) == "未完全失能（85至90周岁）"


# ------------------------------------------------------------------ figures

def test_visits_listed_with_one_unit_are_each_a_visit():
    # 长春 村卫生室: "村卫生室无起付线", "统筹基金支付比例50%": (25 + 40 + 70) × 50% = 67.5
    name, result = computed("长春，村卫生室看了3回（不同天），药钱是25、40、70块，门诊统筹报多少", "长春")
    assert (name, result.total) == ("outpatient_general", Decimal("67.50"))


def test_a_general_fee_said_per_visit_after_its_name_is_added_to_each_visit():
    # 淮安 基层: 一般诊疗费 70%, 其他 50% ("0\t70%\t50%\t300 元"): 3 × 10 × 70% + (40 + 50 + 30) × 50% = 21 + 60 = 81
    name, result = computed("淮安，社区卫生服务中心看了3次门诊（不同日子），一般诊疗费每次10元，药费40元、50元、30元，"
                            "门诊统筹报多少", "淮安")
    assert (name, result.total) == ("outpatient_general", Decimal("81.00"))


def test_a_special_disease_scheme_named_by_its_short_form_with_the_others_excluded(answerer):
    # 淮安 门诊特殊病 其他病种: "其他病种：750 元", "三级医院：65%": (8000 − 750) × 65% = 4712.5
    answer = answerer.answer("淮安门特，病种不是严重精神障碍，也不属于精神类疾病，三级医院门诊合规费用8000元，统筹报多少")
    assert (answer.calculation["name"], answer.calculation["total"]) == ("chronic_disease", 4712.5)


def test_a_bed_fee_per_day_for_an_old_person_not_fully_disabled(answerer):
    # 长春: "入住定点照护机构的未完全失能老人85-90（不含）周岁", "长期照护床位费报销50%，日均支付限额25元":
    # 40 × 50% = 20 per day (under 25) × 10 days = 200
    answer = answerer.answer("长春，我外婆88了，还没到完全失能，在定点照护机构住了10天，床位费一天40元，照护险报多少")
    assert answer.calculation["total"] == 200.0


def test_a_household_member_with_a_descriptive_word_beside_the_group_is_still_priced():
    # 淮安: "个人花 440 元购买一年的基本医疗保险"; "我市对医疗救助对象和丧失劳动能力的残疾人等困难群体给予
    # 全额资助参保": 440 + 0 = 440
    name, result = computed("淮安2026年度：我是普通居民；我爸是丧失劳动能力的残疾人。我们家一共交多少", "淮安")
    assert (name, result.total, len(result.inputs["members"])) == ("contribution", Decimal(440), 2)


def test_critical_illness_on_a_hospital_bill_is_paid_after_the_basic_scheme(answerer):
    # 淮安 二级: "二级医院\t600 元\t75%": basic (100000 − 600) × 75% = 74550, burden 25450;
    # 大病: "普通参保人员 18000 元", "6 万元以下（含 6 万元）的部分，报销 60%": (25450 − 18000) × 60% = 4470
    answer = answerer.answer("淮安普通居民，在二级医院住院，合规费用10万元，大病保险能报多少")
    assert answer.answer.startswith("基本医保报销74550元后，大病保险再支付4470元。")


def test_a_late_payment_in_a_terse_message_starts_cover_after_the_wait():
    # 长春: "预缴期后交费，需有3个月待遇等待期": 2026-03-05 + 3 months = 2026-06-05
    name, result = computed("长春 没赶上预缴期 2026年3月5号补交了当年的 等待期满 什么时候能用", "长春")
    assert (name, result.total) == ("waiting_period", dt.date(2026, 6, 5))


def test_a_caesarean_said_by_its_other_name_is_the_caesarean_amount():
    # 长治: "居民顺产定额报销1500元，剖腹产定额报销3000元"
    name, result = computed("长治，剖宫产生的孩子，生育能报多少", "长治")
    assert (name, result.total) == ("maternity", Decimal(3000))


def test_a_listed_disease_class_said_without_its_generic_ending_is_that_class():
    # 淮安 门诊特殊病: "精神类疾病：300 元", "二级医院：75%": (5000 − 300) × 75% = 3525
    name, result = computed("淮安门特，病种属于精神类，二级医院门诊合规费用5000元，统筹报多少", "淮安")
    assert (name, result.total) == ("chronic_disease", Decimal("3525.00"))


def test_chronic_visits_listed_by_date_and_level_are_computed_visit_by_visit(answerer):
    # 淮安 门诊特殊病 其他病种 ("其他病种：750 元", "一级医院：85%", "二级医院：75%"):
    # 2月 一级 1800: (1800 − 750) × 85% = 892.5; 5月 二级 4000: 4000 × 75% = 3000; total 3892.5
    answer = answerer.answer("淮安门特，其他病种，2月8日在一级医院门诊花了1800元，5月20日在二级医院门诊花了4000元，"
                             "统筹一共报多少")
    assert answer.calculation["total"] == 3892.5
    assert len([s for s in answer.calculation["steps"] if s["label"].startswith("第")]) == 2


def test_a_chronic_disease_class_said_with_its_class_word_is_the_disease_class():
    # 连云港 2026 高血压: "乙类疾病为3000元", "高血压、糖尿病200元", 一级 75%: (3000 − 200) × 75% = 2100
    name, result = computed("连云港门诊慢性病，高血压，乙类病种，一级医院全年合规费用3500元，报多少", "连云港")
    assert (name, result.total) == ("chronic_disease", Decimal("2100.00"))


# ------------------------------------------------------------------ transition windows

def test_a_veterans_deadline_says_cover_starts_the_day_after_payment_in_lianyungang(answerer):
    # 连云港: "自身份转换之日起90天内(含90天)参加居民医保并按规定缴费到账，不设待遇等待期，自缴费到账次日起享受所缴费
    # 年度居民医保待遇": 2026-04-15 + 90 days = 2026-07-14 (15 left in April + 31 + 30 + 14)
    answer = answerer.answer("连云港，我2026年4月15日退伍，最晚哪天要交居民医保？")
    assert answer.answer.startswith("最晚应在2026年7月14日（含当天）前缴费到账，才能不设待遇等待期，自缴费到账次日起享受待遇。")


def test_leaving_the_army_said_as_tuiwu_dates_the_change_of_status():
    assert slots_of("2026年4月15日退伍，4月30日交了居民医保").dates.status_change == dt.date(2026, 4, 15)


def test_a_veteran_paying_within_the_window_is_covered_from_the_payment_in_huaian():
    # 淮安: "自身份转换之日起 90 天内(含 90 天)参保并按规定缴费到账，不设待遇等待期" (from the payment day)
    name, result = computed("淮安，2026年4月15日退伍，4月30日交了居民医保，从哪天开始能报？", "淮安")
    assert (name, result.total) == ("waiting_period", dt.date(2026, 4, 30))


def test_a_deadline_in_a_city_without_a_window_for_the_status_says_the_documents_give_none(answerer):
    # 长春 gives no rule for veterans; the late rule: "预缴期后交费，需有3个月待遇等待期": 2026-05-20 + 3 months
    answer = answerer.answer("长春，2026年5月20日退役，最晚哪天交居民医保？")
    assert answer.answer.startswith("长春的政策文件没有为“退役军人”规定身份转换后的缴费期限；按集中缴费期外缴费的一般规定，"
                                    "即使2026年5月20日当天缴费到账，也要到2026年8月20日才开始享受待遇。")


def test_losing_a_job_is_the_stopped_employee_scheme_status_with_its_window(answerer):
    # 连云港: "职工医保停保人员，身份转换时未参加居民医保的，自身份转换之日起90天内(含90天)…自缴费到账次日起享受":
    # 2026-03-01 + 90 days = 2026-05-30
    answer = answerer.answer("连云港，2026年3月1日失业了，职工医保停了，最晚哪天交居民医保？")
    assert answer.answer.startswith("最晚应在2026年5月30日（含当天）前缴费到账，才能不设待遇等待期，自缴费到账次日起享受待遇。")


def test_a_graduate_asking_until_when_the_student_cover_lasts(answerer):
    # 淮安: "大学生毕业后，在校期间缴纳的居民医保报销待遇将延续至年底"
    answer = answerer.answer("淮安，儿子2026年6月28日大学毕业，在学校交的居民医保能用到什么时候？")
    assert answer.calculation["total"] == "2026-12-31"


def test_a_newborns_deadline_late_in_the_year_is_that_years_cover(answerer):
    # 淮安: "新生儿在出生后 90 天内参保缴费的，从出生之日起享受"; 2026-11-20 + 90 days = 2027-02-18
    answer = answerer.answer("淮安，宝宝2026年11月20日出生，最晚哪天缴费才能从出生就报？")
    assert answer.answer.startswith("最晚应在2027年2月18日（含当天）前缴费到账，才能从2026年11月20日起享受待遇。")


def test_lia_counts_two_members_described_by_the_items_after_it():
    slots = slots_of("俩孩子，大的13岁，小的上小学，医保交多少")
    assert [(m.person, m.age) for m in slots.household] == [("minor", 13), ("student", None)]


def test_ages_listed_after_fenbie_go_to_the_counted_members_in_order():
    slots = slots_of("两个孩子分别7岁和15岁，医保交多少")
    assert [(m.person, m.age) for m in slots.household] == [("minor", 7), ("minor", 15)]


def test_a_household_with_children_described_one_by_one_is_priced_member_by_member():
    # 连云港 2026: "其他成年居民每人每年440元", "其他在校学生（含幼儿园）每人每年420元",
    # "18周岁以下未成年居民每人每年420元": 440 + 440 + 420 + 420 = 1720
    name, result = computed("连云港，我和爱人是成年人，两个孩子一个读高中，一个4岁，2026年全家医保交多少", "连云港")
    assert (name, result.total) == ("contribution", Decimal(1720))


def test_a_space_does_not_part_a_date_from_the_event_said_after_it():
    assert slots_of("淮安 宝宝 2026年9月9日 出生 最晚 哪天 交").dates.birth == dt.date(2026, 9, 9)
