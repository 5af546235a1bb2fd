"""Calculations understood in the wordings residents and call-centre notes use (issue 11).

One behaviour each, by class of expression: the day asked as a noun, costs written without a unit,
households named by the wider family, negation said after the word, a fund's earlier payment, a
delivery settled as a hospital stay. The phrasings are written for these tests; every expected figure
is worked by hand from the parameter quoted beside it (corpus/rules/*.yaml, from the documents).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from bot.answers.answering import Answerer
from bot.answers.calc_bridge import calculator_for, prepare
from bot.understanding.homophones import correct_homophones
from bot.understanding.normalize import normalize
from bot.understanding.slots import extract_slots
from bot.understanding.understand import understand

TODAY = dt.date(2026, 12, 2)


def answered(question: str, city: str):
    """The answer's calculation (name, total) for one message, through the answering path (no index)."""
    answer = Answerer(search=lambda *a, **k: [], today=lambda: TODAY).answer(question, city=city)
    assert answer.follow_up is None, answer.answer
    assert answer.calculation is not None, answer.answer
    return answer.calculation["name"], answer.calculation["total"]


def slots_of(text: str):
    return extract_slots(correct_homophones(normalize(text)), TODAY)


# ------------------------------------------------------------------ the day asked as a noun


def test_the_first_day_of_cover_asked_as_a_noun_is_a_date_calculation():
    # 连云港: "自身份转换之日起90天内(含90天)参加居民医保并按规定缴费到账" … "不设待遇等待期，
    # 自缴费到账次日起享受所缴费年度居民医保待遇": released 3月10日, paid 4月2日 (23 days) -> 4月3日
    u = understand("市民来电：刑满释放，出狱日2026-03-10，2026-04-02补交居民医保已到账，问待遇生效日期", today=TODAY,
                   city="连云港")
    assert u.intent == "calculation"
    assert answered(u.text, "连云港") == ("waiting_period", "2026-04-03")


def test_a_day_asked_as_from_which_day_can_i_start_using_it_is_a_waiting_period_question():
    slots = slots_of("2026年3月1日退伍，5月6日交上了医保，从几号起能开始用")
    assert slots.benefit == "waiting_period"
    assert (slots.dates.status_change, slots.dates.payment) == (dt.date(2026, 3, 1), dt.date(2026, 5, 6))


def test_the_last_day_to_pay_asked_as_a_noun_after_a_birth_is_a_deadline():
    slots = slots_of("宝宝2026年4月2日出生，请告知参保缴费截止日期")
    assert (slots.asked, slots.benefit) == ("deadline", "waiting_period")


def test_entering_college_is_the_event_a_new_students_cover_starts_from():
    # 连云港: "按学制缴纳城乡居民医保费用的，待遇享受时间为入学当年9月1日至毕业当年年底"
    question = "女儿2026年9月被连云港本地一所职业技术学院录取，学校统一参保，什么时候开始享受待遇"
    assert answered(question, "连云港") == ("waiting_period", "2026-09-01")


# ------------------------------------------------------------------ costs written without a unit


def test_chinese_hundreds_after_drug_classes_are_the_class_costs():
    # 长治 两病: "报销比例 甲类药品60%；乙类药品50%", 高血压 "年度限额 260元":
    # 150 × 60% + 100 × 50% = 90 + 50 = 140 (< 260)
    slots = slots_of("长治 高血压两病 甲类一百五 乙类一百 能报多少")
    assert (slots.class_a, slots.class_b) == (Decimal(150), Decimal(100))
    assert answered("长治 高血压两病 甲类一百五 乙类一百 能报多少", "长治") == ("two_diseases", 140)


def test_what_is_left_to_pay_written_in_chinese_thousands_is_the_self_paid_amount():
    # 随州 医疗救助: 返贫致贫人口 "二类医疗救助对象 起付线0元", "低保对象和返贫致贫人口不低于70%":
    # 8000 × 70% = 5600
    question = "随州返贫致贫人口，住院两道报销后还剩八千自己出，医疗救助能给多少"
    slots = slots_of(question)
    assert (slots.amount, slots.amount_basis) == (Decimal(8000), "self_pay")
    assert answered(question, "随州") == ("assistance", 5600)


def test_bare_numbers_listed_after_a_count_of_visits_are_one_cost_each():
    # 随州 门诊统筹: "金支付50%，年封顶350元", 卫生院 "每人每天50元":
    # 60×50% = 30, 40×50% = 20, 80×50% = 40 (each under 50 a day) -> 90
    question = "随州 乡镇卫生院 看了3回门诊 60 40 80 报多少"
    assert slots_of(question).amounts == [Decimal(60), Decimal(40), Decimal(80)]
    assert answered(question, "随州") == ("outpatient_general", 90)


def test_a_rough_figure_in_chinese_is_no_cost():
    assert slots_of("每月药费大概两百多，全年合规2400元").amounts == [Decimal(2400)]


def test_the_magnitude_of_a_figure_starts_no_homophone_reading():
    assert correct_homophones("合规12万全部是甲类") == "合规12万全部是甲类"


def test_a_near_sound_typo_of_a_hospital_stay_names_the_stay():
    assert slots_of("三级医院住元花了3万").benefit == "inpatient"


# ------------------------------------------------------------------ what the resident pays


def test_what_is_left_on_the_resident_after_both_schemes_is_the_settlement():
    # 连云港 2026: 二级 "起付线分别为200元、400元、800元", "成年居民报销比例分别为85%、75%、65%";
    # 大病 "起付标准为1.6万元", "个人负担1.6万元以上至8万元部分，报销60%":
    # basic (80000 − 400) × 75% = 59700; burden 20300; 大病 (20300 − 16000) × 60% = 2580;
    # left on the resident 20300 − 2580 = 17720
    question = "连云港，成年，二级医院住过一回，合规八万，基本和大病都报完，最后落在我自己头上多少"
    name, _ = answered(question, "连云港")
    answer = Answerer(search=lambda *a, **k: [], today=lambda: TODAY).answer(question, city="连云港")
    assert name == "settlement"
    assert answer.calculation["details"]["personal"] == 17720


# ------------------------------------------------------------------ households


def test_the_wider_family_are_members_of_the_household():
    # 随州 2025: "个人缴费 标准400元"; 低保对象 "按城乡居民医保年度个人缴费标准 90%比例给予定额资助"
    # (pays 40); 孤儿 "全额资助" (pays 0): me 400 + 我哥 40 + 嫂子 400 + 侄女 0 = 840
    question = "随州2025年度：我是普通居民；我哥是低保户；嫂子普通居民；侄女是孤儿。全家个人缴费一共多少"
    slots = slots_of(question)
    assert [m.relation for m in slots.household] == ["本人", "哥哥", "嫂子", "侄女"]
    assert answered(question, "随州") == ("contribution", 840)


def test_members_described_in_brackets_after_their_count_are_not_counted_again():
    # 长春 2021: "2021年缴费金额 (成年/未成年) 320/200": 2 × 320 + 3 × 200 = 1240
    question = "长春2021年，我和老婆两个大人，带仨娃（一个3岁一个9岁一个16岁），个人缴费合计多少"
    assert len(slots_of(question).household) == 5
    assert answered(question, "长春") == ("contribution", 1240)


def test_a_mild_disability_grade_is_not_the_severe_disability_the_rules_subsidise():
    # 随州: "丧失劳动能力的重度(二级及以上)残疾人" 全额资助; a 四级 resident pays the 400元 standard
    assert answered("随州2025年，我是四级残疾，别的身份没有，个人要交多少", "随州") == ("contribution", 400)


# ------------------------------------------------------------------ negation said after the word


def test_unrelatedness_said_after_a_disease_excludes_it():
    # 淮安 门诊特殊病: "其他病种：750 元", "二级医院：75%": (8000 − 750) × 75% = 5437.5
    question = "淮安门特，病种和精神类疾病没关系，在二级医院门诊合规八千，统筹给多少"
    assert answered(question, "淮安") == ("chronic_disease", Decimal("5437.5"))


def test_a_negation_word_after_a_group_keeps_it_unsaid():
    assert slots_of("我跟低保不沾边，住院合规3万").groups == []


# ------------------------------------------------------------------ the kind of visit


def test_an_injury_said_as_a_verb_is_an_accident_visit():
    slots = slots_of("孩子上初一，体育课上崴了脚，二级医院门诊合规800")
    assert calculator_for(slots, normalize("孩子上初一，体育课上崴了脚，二级医院门诊合规800")) == "outpatient_accident"


def test_a_daily_cost_with_words_between_the_day_and_the_figure_is_per_day():
    slots = slots_of("长春照护保险，重度失能，在护理院住了15天，一天护理费用合计九十，能报多少")
    assert (slots.amount, slots.amount_per, slots.days) == (Decimal(90), "day", 15)


def test_prenatal_checks_are_paid_by_the_outpatient_scheme_without_its_daily_limit():
    # 随州: "产前检查、先兆流产、流产、引产门诊费用纳入门诊统筹保障范围，不受日 限额和医疗机构等级限制",
    # "金支付50%，年封顶350元": 320 × 50% = 160
    assert answered("随州，三级医院做孕检，合规320元，门诊统筹报多少", "随州") == ("outpatient_general", 160)


def test_what_the_outpatient_scheme_already_paid_counts_against_a_two_disease_cap_that_includes_it():
    # 随州: "糖尿病每年最高支付限额500元", "最高支付限额包  含门诊统筹年度支付限额":
    # 900 × 50% = 450, but 500 − 150 already paid = 350
    question = "随州糖尿病两病，今年门诊统筹之前已经报了150元，两病药合规九百，还能报多少"
    slots = slots_of(question)
    assert (slots.amount, slots.fund_paid_before, slots.fund_paid_benefit) == (Decimal(900), Decimal(150), "outpatient")
    assert answered(question, "随州") == ("two_diseases", 350)


def test_a_delivery_is_settled_as_a_hospital_stay_where_the_rules_say_so():
    # 连云港 2026: "住院分娩合规医疗费用先按照城乡居民医保普通住院进行报销"; 一级 起付 200元, 成年 85%:
    # (4000 − 200) × 85% = 3230
    text = normalize("连云港，成年居民，一级医院顺产，合规4000元，统筹报多少")
    slots = extract_slots(text, TODAY)
    request = prepare(calculator_for(slots, text), slots, "连云港", TODAY, text=text)
    assert request.name == "inpatient"
    assert answered(text, "连云港") == ("inpatient", 3230)


# ------------------------------------------------------------------ amounts asked as nouns


@pytest.mark.parametrize("text", [
    "来电：长治居民，县级医院住院合规8万元，问大病保险赔付额",
    "市民来电：随州低保对象，报销后自付1万元，咨询医疗救助金额",
])
def test_an_amount_asked_as_a_noun_is_a_calculation(text):
    assert understand(text, today=TODAY).intent == "calculation"


# ------------------------------------------------------------------ benefits named or settled another way


def test_day_surgery_in_changchun_has_no_deductible_and_the_levels_inpatient_rate():
    # 长春: 日间手术 "不收起付线，按对应定点级别住院比例报销"; 三级省级 first band (to 3万) 55%:
    # 6000 × 55% = 3300
    assert answered("长春，成年居民，省级三级医院日间手术，合规6000元，统筹报多少", "长春") == ("inpatient", 3300)


def test_an_emergency_rescue_not_followed_by_a_stay_is_paid_as_a_stay_where_the_rules_say_so():
    # 随州: "急诊抢救死亡或未转为住院治疗的，对政策范围内的医疗费用，视同 住院医疗费用按规定报销";
    # 2025 二级 起付 500元, 80% (the brochure's resident table): (3000 − 500) × 80% = 2000
    question = "随州居民，2025年在一家二级医院急救，没有住院，合规3000元，能报多少"
    assert answered(question, "随州") == ("inpatient", 2000)


def test_the_special_disease_scheme_by_another_of_its_names_is_the_chronic_disease_benefit():
    assert slots_of("办了门诊特殊疾病，今年合规1万").benefit == "chronic_disease"


def test_a_listed_disease_and_treatment_said_apart_is_that_listed_name():
    # 随州: "特殊疾病报销70%", "（其中器官移植抗排异治 疗、慢性肾功能衰竭透析报销80%）": 10000 × 80% = 8000
    question = "随州，器官移植以后在门诊抗排异，办了特病，限额内合规1万，报多少"
    assert answered(question, "随州") == ("chronic_disease", 8000)


def test_outpatient_assistance_is_a_rate_of_what_the_chronic_disease_benefit_left():
    # 长治 低保对象: "门诊慢性病政策范围内\n剩余部分按30%的比例\n救助": 2000 × 30% = 600
    question = "长治低保户，门诊慢性病报完以后政策范围内自己还付了2000元，医疗救助给多少"
    assert answered(question, "长治") == ("assistance", 600)


def test_outpatient_special_drug_assistance_has_its_own_rate():
    # 长治 特困人员: "门诊特药保障范\n围内剩余部分按20%的\n比例救助": 5000 × 20% = 1000
    question = "长治特困供养人员，门诊特药报销后剩余自付5000元，能救助多少"
    assert answered(question, "长治") == ("assistance", 1000)


def test_a_separately_paid_drug_is_the_special_drug_benefit():
    # 随州: "办理单独支付药品使用资格表，报销50%": 18000 × 50% = 9000
    question = "随州，有单独支付药品资格，今年这个药合规一万八，医保报多少"
    assert answered(question, "随州") == ("special_drugs", 9000)


# ------------------------------------------------------------------ found by probing new wordings


def test_the_last_day_to_pay_asked_with_words_between_is_a_deadline():
    # 淮安: "新生儿出生后90天内参保缴费" from birth: 2026年2月1日 + 90 days = 2026年5月2日
    question = "来电：新生儿2026年2月1日出生，问最晚参保缴费日期"
    assert understand(question, today=TODAY, city="淮安").intent == "calculation"
    answer = Answerer(search=lambda *a, **k: [], today=lambda: TODAY).answer(question, city="淮安")
    assert "2026年5月2日" in answer.answer


def test_both_schemes_named_in_either_order_ask_for_their_sum():
    assert slots_of("住院合规10万，大病加基本一共报多少").asked == "combined"


def test_a_tier_that_grades_only_one_class_gives_its_level():
    # 长春: only 三级 hospitals are graded 省级/市级 (classes 三级省级, 三级市级); 三级市级 起付 800元,
    # 起付-3万 60% (adult): (10000 − 800) × 60% = 5520
    assert answered("长春成年人，市级医院住院，合规一万，报多少", "长春") == ("inpatient", 5520)


def test_a_visit_at_an_outpatient_facility_with_no_benefit_named_is_an_outpatient_visit():
    assert slots_of("卫生室 3次 20 35 40 报多少").benefit == "outpatient"


def test_the_year_of_an_age_gives_way_to_the_year_asked():
    # 长春 2021: "2021年缴费金额 (成年/未成年) 320/200": 2 × 320 + 200 = 840
    question = "长春，我和我对象两个成年人，闺女今年9岁，2021年全家交多少"
    assert slots_of(question).dates.year == 2021
    assert answered(question, "长春") == ("contribution", 840)


def test_before_which_day_to_pay_is_a_deadline():
    assert slots_of("2026年8月3日退伍，几号之前交医保才不用等").asked == "deadline"


def test_costs_named_by_weekday_are_one_visit_each_on_those_days():
    # 随州 卫生室 "每人每天30元", 50%: 周二 70×50% = 35 → 30; 周四 30×50% = 15 → 45
    question = "随州 卫生室 周二70 周四30 门诊报多少"
    assert answered(question, "随州") == ("outpatient_general", 45)


def test_a_number_before_a_weekday_is_no_count_of_weeks():
    from bot.understanding.numbers import extract_numbers
    assert [q.unit for q in extract_numbers("周一60 周三45")] == ["plain", "plain"]


def test_stays_listed_one_by_one_are_computed_each_with_its_deductible():
    # 随州 2025 (brochure's resident table): 一级 起付200元 90%; 二级 500元 80%:
    # (5000 − 200) × 90% = 4320; (12000 − 500) × 80% = 9200; 4320 + 9200 = 13520
    question = "随州2025年住了两回院，头一回在一级医院合规5000，后来在二级医院合规1.2万，统筹一共报多少"
    assert answered(question, "随州") == ("inpatient", 13520)


def test_a_benefit_left_out_of_the_reckoning_after_its_name_is_not_asked():
    slots = slots_of("住院合规10万，医保加大病一共报多少，救助先不算")
    assert ("assistance" not in slots.benefits, slots.asked) == (True, "combined")


def test_costs_said_as_respectively_after_the_cost_word_are_the_visits():
    # 淮安 门诊统筹: "不设起付线\t一般诊疗费\t其他" "0\t70%\t50%\t300 元": two visits each with 10元
    # 一般诊疗费: 20 × 70% + (150 + 90) × 50% = 14 + 120 = 134 (< 300)
    question = "淮安，乡镇卫生院门诊看了2次，一般诊疗费每次10元，药费分别是150、90，门诊统筹报多少"
    assert answered(question, "淮安") == ("outpatient_general", 134)


def test_a_county_or_district_hospital_in_changchun_is_its_second_level_class():
    # 长春: "二级（县区级）医院400元", 起付-3万 成年 70%: (10000 − 400) × 70% = 6720
    assert answered("长春成年人 区级医院住院 合规一万 报多少", "长春") == ("inpatient", 6720)


def test_the_first_day_of_cover_asked_as_its_start_day_is_a_date_calculation():
    assert understand("来电：2026年6月1日补缴医保，问待遇开始日", today=TODAY, city="长春").intent == "calculation"


def test_a_keyword_string_ending_with_the_quantity_wanted_is_a_calculation():
    # 连云港 2026: 二级 起付 400元, 成年 75% + "在校学生和未成年人各费用段报销比例比成年居民高10个百分点":
    # (20000 − 400) × 85% = 16660
    question = "连云港 住院 二级 合规2万 未成年 统筹支付"
    assert understand(question, today=TODAY, city="连云港").intent == "calculation"
    assert answered(question, "连云港") == ("inpatient", 16660)


def test_a_keyword_string_asking_where_a_band_starts_stays_a_policy_question():
    assert understand("淮安住院三万五 大病保险从多少开始报？", today=TODAY).intent == "policy"


def test_a_total_then_its_class_b_part_keeps_the_total():
    slots = slots_of("长春 三级市级 住院 合规5万 乙类8000 报销")
    assert (slots.amount, slots.class_a, slots.class_b) == (Decimal(50000), Decimal(42000), Decimal(8000))


def test_the_resident_after_a_figure_is_no_classifier():
    assert slots_of("三级医院住院 合规六万 个人承担多少").amount == Decimal(60000)
