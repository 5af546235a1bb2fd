"""Calculations understood the way residents state them, by class of expression (issue 11, third round).

Each test names one class: what is left after a scheme paid, several burdens of one year, 一块 as
"together", groups by the documents' own names, the wider family, a date's year in brackets,
依申请救助 without a group, per-visit and per-day words, a hospital stay said with 住的是, a city's
hospital class named beside the level, a choice said by one of its alternatives, visits at a hospital
named by its level, prenatal checks within the outpatient scheme, a lapse's resumed cover, a rescue
followed by admission. The phrasings are written for these tests; every expected figure is worked by
hand from the parameter quoted beside it (corpus/rules/*.yaml, taken from the documents).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from bot.answers.answering import Answerer
from bot.understanding.homophones import correct_homophones
from bot.understanding.normalize import normalize
from bot.understanding.slots import extract_slots

TODAY = dt.date(2026, 12, 2)


def answered(question: str, city: str | None = None):
    """The answer's calculation (name, total) for one message, through the answering path (no index)."""
    answer = Answerer(search=lambda *a, **k: [], today=lambda: TODAY).answer(question, city=city)
    assert answer.follow_up is None, answer.answer
    assert answer.calculation is not None, answer.answer
    total = str(answer.calculation["total"])
    return answer.calculation["name"], (total if "-" in total else Decimal(total))


def answer_text(question: str, city: str | None = None) -> str:
    return Answerer(search=lambda *a, **k: [], today=lambda: TODAY).answer(question, city=city).answer


def slots_of(text: str):
    return extract_slots(correct_homophones(normalize(text)), TODAY)


# ------------------------------------------------------------------ what is left after a scheme paid


def test_a_cost_said_after_the_fund_paid_is_the_residents_burden():
    slots = slots_of("统筹基金支付后，合规费用里个人还剩3万没报")
    assert slots.amount_basis == "self_pay"


def test_a_cost_the_resident_still_bears_after_a_scheme_paid_is_the_burden():
    slots = slots_of("基本医保报过以后，自己一年累计还负担着政策范围内的四万")
    assert (slots.amount, slots.amount_basis) == (Decimal(40000), "self_pay")


def test_the_burden_said_in_traditional_characters_is_the_burden():
    slots = slots_of("醫保支付後個人負擔合規費用5萬元")
    assert (slots.amount, slots.amount_basis) == (Decimal(50000), "self_pay")


def test_critical_illness_on_a_burden_said_after_the_fund_paid():
    # 淮安: "普通参保人员 18000 元"; "6 万元以下（含 6 万元）的部分，报销 60%":
    # (50000 − 18000) × 60% = 19200
    assert answered("淮安 居民医保基金支付后个人负担的合规费用一年5万元，大病保险赔多少") == (
        "critical_illness", Decimal("19200.00"))


# ------------------------------------------------------------------ several burdens of one year


def test_burdens_listed_for_critical_illness_are_added_up():
    # 淮安: (30000 + 10000 − 18000) × 60% = 13200 ("普通参保人员 18000 元", "报销 60%")
    assert answered("淮安 基本医保报销后个人负担合规费用：住院3万+门诊慢特病1万，大病保险能赔多少") == (
        "critical_illness", Decimal("13200.00"))


def test_burdens_added_up_are_said_in_the_answer():
    text = answer_text("淮安 基本医保报销后个人负担合规费用：住院3万+门诊慢特病1万，大病保险能赔多少")
    assert "30000 + 10000 = 40000元" in text


def test_assistance_on_application_needs_no_group():
    # 随州: "政策范围个人自付住院医疗费用累计在6000元以上部分" "按60%给予 年度内一次性救助":
    # (7000 + 3000 − 6000) × 60% = 2400
    assert answered("随州 依申请救助 大病报完后 住院政策范围内自付七千 门诊慢特病自付三千 能救助多少") == (
        "assistance", Decimal("2400.00"))


# ------------------------------------------------------------------ 一块 as "together"


def test_yi_kuai_after_adding_is_together_not_one_yuan():
    slots = slots_of("两回住院报完自己掏的加一块八万了，大病还能给多少")
    assert slots.amounts == [Decimal(80000)]


def test_yi_kuai_as_together_before_the_verb_is_no_amount():
    slots = slots_of("门诊和住院的自付合一块算是两万")
    assert slots.amounts == [Decimal(20000)]


# ------------------------------------------------------------------ groups by the documents' own names


def test_the_expenditure_hardship_patient_is_a_group():
    # 连云港: "支出型困难家庭中的大重病患者 … 个人缴费部分由财政予以全额资助": 0
    assert answered("连云港2026年度 我是支出型困难家庭中的大重病患者 个人缴费交多少") == (
        "contribution", Decimal("0.00"))


def test_a_minimum_living_allowance_family_member_is_a_low_income_recipient():
    # 随州 2025: "个人缴费 标准400元"; 低保对象 "按城乡居民医保年度个人缴费标准 90%比例给予定额资助":
    # 400 − 400 × 90% = 40
    assert slots_of("我是最低生活保障家庭成员").groups == ["低保对象"]
    assert answered("随州2025年 我是最低生活保障家庭成员 个人要交多少") == ("contribution", Decimal("40.00"))


# ------------------------------------------------------------------ the wider family


def test_a_parents_sibling_is_a_member_of_the_household():
    slots = slots_of("家里三口人：舅舅普通居民；小姨是低保户；我读初中")
    assert [m.relation for m in slots.household][:2] == ["舅舅", "小姨"]
    assert slots.household[1].groups == ["低保对象"]


def test_two_aunts_are_two_members():
    slots = slots_of("我家里：大姨、小姨都是普通居民，我在读大学")
    assert [m.relation for m in slots.household][:2] == ["大姨", "小姨"]


# ------------------------------------------------------------------ a date's year in brackets


def test_a_year_in_brackets_after_a_day_is_the_days_year():
    slots = slots_of("儿子3月5号（2025年）出生的")
    assert slots.dates.birth == dt.date(2025, 3, 5)
    assert slots.dates.year is None


def test_what_happened_on_a_date_is_read_past_a_bracketed_aside():
    slots = slots_of("闺女8月9日(周日)在医院生的，最晚哪天要交")
    assert slots.dates.birth == dt.date(2026, 8, 9)
    assert slots.asked == "deadline"


# ------------------------------------------------------------------ per-visit and per-day words


def test_a_fee_said_for_each_visit_by_mei_hui_is_added_to_every_visit():
    # 淮安 基层: "0\t70%\t50%\t300 元\t400 元" (一般诊疗费 70%, 其他 50%, 签约 400): 3 visits of
    # 一般诊疗费 10 and drugs 100, 120, 80 -> 30 × 70% + 300 × 50% = 21 + 150 = 171
    assert answered("淮安 签约了家庭医生 社区卫生服务中心去了3趟 每趟一般诊疗费10元 药费分别100 120 80 门诊统筹报多少") == (
        "outpatient_general", Decimal("171.00"))


def test_a_daily_average_without_a_unit_is_the_daily_cost():
    slots = slots_of("长春 照护保险 重度失能 20天 日均100")
    assert (slots.amount, slots.amount_per, slots.days) == (Decimal(100), "day", 20)


def test_long_term_care_with_a_daily_average_and_days_in_a_keyword_string():
    # 长春: "日额度107元内城乡居民80%的报销待遇": 20 × 100 × 80% = 1600
    assert answered("长春 照护保险 院护 重度失能 居民 20天 日均100 共报多少") == ("long_term_care", Decimal("1600.00"))


# ------------------------------------------------------------------ a hospital stay and its class


def test_a_stay_said_with_zhu_de_shi_is_a_hospital_stay():
    assert slots_of("住的是县里的二级医院，合规费用8000").benefit == "inpatient"


def test_a_hospital_in_town_said_as_shi_li_de_is_city_tier():
    assert slots_of("住的是市里的二级甲等医院").tier == "市级"


def test_a_city_class_hospital_said_by_level_grade_and_place():
    # 长治 二类收费标准省市级 (二级甲等, 市级): "起付标准 100元 400元 500元 1000元 1500元",
    # "支付比例 85% 75% 70% 60% 55%": (10000 − 500) × 70% = 6650
    assert answered("我在长治参城乡居民医保，住的是市里的二级甲等医院，政策范围内一万，统筹给多少") == (
        "inpatient", Decimal("6650.00"))


def test_the_own_share_asked_by_its_noun_is_the_personal_share():
    assert slots_of("住院合规费用5万，报销后自负部分是多少").asked == "personal_share"


# ------------------------------------------------------------------ a choice said by one of its alternatives


def test_a_choice_of_alternatives_with_an_age_bound_is_said_by_one_alternative():
    # 长春: "部分失能和未失能90（含）周岁以上老人，报销比例为重度失能的70%", "日额度107元内城乡居民80%":
    # 10 × 100 × 80% × 70% = 560
    assert answered("长春 老人95周岁，评估没有失能，住照护机构10天，每天100元，能报多少") == (
        "long_term_care", Decimal("560.00"))


def test_the_alternative_is_not_said_below_the_age_bound():
    answer = Answerer(search=lambda *a, **k: [], today=lambda: TODAY).answer(
        "长春 老人80周岁，评估没有失能，住照护机构10天，每天100元，能报多少")
    assert answer.follow_up is not None and answer.follow_up.slot == "category"


# ------------------------------------------------------------------ outpatient visits by place and kind


def test_a_visit_at_a_hospital_named_by_its_level_is_outside_the_basic_outpatient_scheme():
    # 连云港: "成年居民只能在基层定点医疗机构…门诊报销"; "在基层定点医疗机构的合规费用在800元以内可以报销50%":
    # (100 + 200) × 50% = 150; the 三级医院 visit pays nothing
    assert answered("连云港 我爸没签家庭医生，今年在社区卫生服务中心看了2次，合规费用100、200元；"
                    "还在市一院（三级医院）门诊花了400元。普通门诊统筹总共报多少？") == ("outpatient_general", Decimal("150.00"))


def test_a_prenatal_check_within_the_outpatient_scheme_is_an_outpatient_cost():
    # 随州: "产前检查…门诊费用纳入门诊统筹保障范围，不受日 限额和医疗机构等级限制"; 50%;
    # 卫生院 "每人每天50元": 80 × 50% = 40 (under 50) + 200 × 50% = 100 -> 140
    assert slots_of("随州 今年门诊统筹：卫生院看了1次80块；另外做产检200块，总共报多少").benefit == "outpatient"
    assert answered("随州 今年门诊统筹：卫生院看了1次80块；另外在卫生院做产检200块，都是政策范围内，总共报多少") == (
        "outpatient_general", Decimal("140.00"))


def test_a_prenatal_check_without_the_outpatient_scheme_named_stays_a_maternity_question():
    assert slots_of("随州 产检花了600元能报多少").benefit == "maternity"


# ------------------------------------------------------------------ a lapse's resumed cover


def test_when_cover_resumes_after_a_lapse_is_a_waiting_period_question():
    slots = slots_of("2025年度断保，2026年3月10日补交了2026年的居民医保，问什么时候恢复待遇")
    assert (slots.benefit, slots.dates.payment, slots.dates.year) == ("waiting_period", dt.date(2026, 3, 10), 2026)


def test_a_lapse_then_late_payment_resumes_cover_after_the_fixed_wait():
    # 淮安: "设置固定待遇等待期 2 个月，也就是自缴费之日起 2 个月内不能享受待遇，2 个月后恢复待遇享受":
    # paid 2026-03-10 -> 2026-05-10
    assert answered("淮安 2025年度断保，2026年3月10日补交了2026年的居民医保，问何时恢复待遇") == (
        "waiting_period", "2026-05-10")


# ------------------------------------------------------------------ a drug paid as its disease, a rescue then a stay


def test_a_separately_paid_drug_within_the_special_disease_scheme_takes_the_disease_rate():
    # 随州: "纳入特殊疾病支付的单独支付药品按对应的病种报销比例"; "特殊疾病报销70%": 10000 × 70% = 7000
    assert answered("随州 我妈是恶性肿瘤门诊特殊疾病，用的单独支付药品纳入特殊疾病支付，政策范围内花了一万，能报多少") == (
        "chronic_disease", Decimal("7000.00"))


def test_a_rescue_followed_by_admission_is_added_to_the_stay():
    # 随州: "因突发疾病急诊抢救转为住院治疗的，急诊抢救（含院前急诊抢救）医疗费用与住院医 疗费用合并计算";
    # 二级 "\t二级定点\n\t500\n\t0\n\t80%": (1000 + 9000 − 500) × 80% = 7600
    assert answered("随州普通居民，在市内二级医院先急诊抢救（政策范围内1000元），然后转为住院（政策范围内9000元），"
                    "基本医保一共报多少") == ("inpatient", Decimal("7600.00"))


def test_a_rescue_not_followed_by_admission_keeps_its_own_rule():
    slots = slots_of("随州 在二级医院急诊抢救花了1000元，又在另一家医院门诊花了200元")
    from bot.answers.calc_bridge import _rescue_then_stay
    assert _rescue_then_stay(slots, normalize("随州 在二级医院急诊抢救花了1000元，又在另一家医院门诊花了200元")) is None


# ------------------------------------------------------------------ the resident as a bare 我, ordinal children


def test_a_bare_wo_between_list_marks_is_the_resident():
    slots = slots_of("家里4口：爷爷、奶奶、我、妹妹")
    assert [m.relation for m in slots.household] == ["爷爷", "奶奶", "本人", "妹妹"]


def test_a_bracketed_aside_after_a_member_describes_that_member():
    slots = slots_of("家里三口人：我（成年）、老婆（低保户）、儿子（8岁）")
    members = {m.relation: m for m in slots.household}
    assert (members["本人"].person, members["配偶"].groups, members["儿子"].age) == ("adult", ["低保对象"], 8)


def test_ordinal_children_described_by_a_birth_date_are_the_counted_children():
    slots = slots_of("我（成年）带2个娃，老大10岁，老二2021年3月出生")
    assert [m.relation for m in slots.household] == ["本人", "孩子", "孩子"]


def test_a_parent_with_ordinal_children_pays_for_each_once():
    # 长春 2021: "预缴期内缴费的城乡居民 … 320/200" (成年/未成年): 320 + 200 + 200 = 720
    assert answered("2021年长春居民医保个人缴费：我（成年）带2个娃，老大10岁，老二2021年3月出生、出生后就办了参保。一共交多少") == (
        "contribution", Decimal("720.00"))


# ------------------------------------------------------------------ a list of members and what describes them


def test_a_description_after_a_list_of_members_goes_to_the_last_one_named():
    slots = slots_of("家里四口：我、我老婆、大舅、儿子读小学")
    assert [(m.relation, m.person) for m in slots.household] == [
        ("本人", None), ("配偶", None), ("大舅", None), ("儿子", "student")]


def test_a_description_said_of_all_after_a_list_of_members_goes_to_each():
    slots = slots_of("家里3口：爷爷、奶奶都是低保户，我读大学")
    assert [(m.relation, m.groups) for m in slots.household] == [
        ("爷爷", ["低保对象"]), ("奶奶", ["低保对象"]), ("本人", [])]
    assert slots.household[2].person == "college_student"


def test_a_household_list_prices_only_the_described_member_apart():
    # 连云港 2026: "其他成年居民每人每年440元", "其他在校学生（含幼儿园）每人每年420元": 3 × 440 + 420 = 1740
    assert answered("连云港 家里四口：我、我老婆、大舅、儿子读小学，2026年一共交多少") == ("contribution", Decimal("1740.00"))


def test_a_vocational_school_student_is_a_college_student():
    # 连云港 2026: "大中专院校在校学生每人每年350元"
    assert slots_of("我妹妹在读中专").person == "college_student"
    assert "大中专学生 | 350元" in answer_text("连云港2026年 我妹妹在读中专，学校代缴，个人交多少")


# ------------------------------------------------------------------ a chronic disease named by its class


def test_a_chronic_disease_named_only_by_its_class_is_computed_when_the_class_pays_alike():
    # 长治: "一类门诊慢性病（9种）" each "支付70%,个人自付": 3000 × 70% = 2100
    assert answered("长治 一类慢病 门诊花了3000元 能报多少") == ("chronic_disease", Decimal("2100.00"))


def test_a_class_whose_diseases_pay_differently_still_asks_for_the_disease():
    answer = Answerer(search=lambda *a, **k: [], today=lambda: TODAY).answer("长治 二类慢病 门诊花了3000元 能报多少")
    assert answer.follow_up is not None and answer.follow_up.slot == "disease"


# ------------------------------------------------------------------ a date after a label, a lapse without the year paid for, repeated visits


def test_a_date_after_a_labelled_colon_takes_the_labels_role():
    assert slots_of("孩子出生日期：2026年3月3号，最晚哪天交").dates.birth == dt.date(2026, 3, 3)


def test_a_lapsed_year_is_not_the_year_paid_for_when_the_payment_is_later():
    # 淮安: "设置固定待遇等待期 2 个月 … 2 个月后恢复待遇享受": paid 2026-04-15 -> 2026-06-15
    slots = slots_of("2025年断缴，2026年4月15日补缴了，问哪天开始能报销")
    assert slots.dates.year is None
    assert answered("淮安 2025年断缴，2026年4月15日补缴了，问哪天开始能报销") == ("waiting_period", "2026-06-15")


def test_a_cost_said_per_visit_after_a_count_stands_for_each_visit():
    # 随州: 卫生室 "每人每天30元", 卫生院 "每人每天50元", 50%: 2 × min(40 × 50%, 30) + min(80 × 50%, 50) = 80
    assert answered("随州 卫生室看了两次 每次40块，卫生院看了一次80块，门诊统筹报多少") == (
        "outpatient_general", Decimal("80.00"))


def test_a_special_drug_at_a_hospital_named_by_its_tier_takes_that_tiers_level():
    # 长春: "城乡居民自付10%，之后按照住院比例报销"; "三级（省级）医院1200元"; "起付-3万\t55%（65%）",
    # "3万-6万\t60%（70%）": 35000 × 90% = 31500; (30000 − 1200) × 55% + (31500 − 30000) × 60% = 15840 + 900
    assert answered("长春 10种特药 省级医院 今年特药花了三万五 能报多少") == ("special_drugs", Decimal("16740.00"))
