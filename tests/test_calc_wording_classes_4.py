"""Calculations understood the way residents state them, by class of expression (issue 11, fourth round).

Each test names one class the development set blind_calc_cases_4 showed unread: a group named with
another generic head (户/人口/人员/家庭), a transplant named by its organ, a visit to relatives as a
temporary trip, a hospital stay said with a demonstrative count or with the hospital as 住's object,
the resident as a bare 我 before their description, a household size N口, a count restating members
named with possessives, prenatal checks among visits said as 看门诊, a cost per month over a count of
months, a listed disease name joined to its treatment setting, and the outpatient rate on a temporary
trip to another province. The phrasings are written for these tests (none is a development question);
every expected figure is worked by hand from the document text quoted beside it.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from bot.answers.answering import Answerer
from bot.understanding.homophones import correct_homophones
from bot.understanding.normalize import normalize
from bot.understanding.slots import extract_slots
from calculators.registry import run

TODAY = dt.date(2026, 12, 2)


def answered(question: str, city: str | None = None):
    """The answer's calculation (name, total) for one message, through the answering path (no index)."""
    answer = Answerer(search=lambda *a, **k: [], today=lambda: TODAY).answer(question, city=city)
    assert answer.follow_up is None, answer.answer
    assert answer.calculation is not None, answer.answer
    return answer.calculation["name"], Decimal(str(answer.calculation["total"]))


def slots_of(text: str):
    return extract_slots(correct_homophones(normalize(text)), TODAY)


# ------------------------------------------------------------------ a group with another generic head


def test_a_group_said_with_another_generic_head_is_that_group():
    assert "监测对象" in slots_of("我们是突发严重困难家庭，住院自付八千").groups
    assert "低保对象" in slots_of("她是低保人员，门诊花了300").groups
    assert "脱贫人口" in slots_of("俺家是脱贫人员，今年交多少").groups


def test_a_group_head_variant_under_a_negation_is_not_said():
    assert "监测对象" not in slots_of("不是突发严重困难人员，普通居民").groups


def test_assistance_for_a_group_named_with_another_head():
    # 长治 易返贫致贫人口/突发严重困难人口: “超过上 年度全省居民人均可支配收入10%（3092元） 的部分，
    # 按70%的比例给予医疗救助，年度最高 救助限额6万元” -> (5000 - 3092) × 70% = 1335.6
    name, total = answered("长治 突发严重困难家庭成员 今年住院报完基本医保和大病保险后 政策范围内个人自付五千 医疗救助给多少")
    assert (name, total) == ("assistance", Decimal("1335.6"))


# ------------------------------------------------------------------ a transplant by its organ


def test_a_transplant_named_by_its_organ_is_an_organ_transplant():
    assert slots_of("去年做了肝移植，现在门诊吃药").special_diseases == ["器官移植"]
    assert slots_of("心脏移植术后复查").special_diseases == ["器官移植"]


def test_outpatient_special_disease_after_a_transplant_named_by_its_organ():
    # 随州: “特殊疾病报销70%（其中器官移植抗排异治 疗、慢性肾功能衰竭透析报销80%）” -> 20000 × 80% = 16000
    name, total = answered("随州 做过肝移植 门诊特殊疾病已办 门诊抗排斥药今年政策范围内两万 能报多少")
    assert (name, total) == ("chronic_disease", Decimal(16000))


# ------------------------------------------------------------------ a visit to relatives


def test_visiting_relatives_elsewhere_is_a_temporary_trip():
    assert slots_of("去外省串亲戚的时候发病了，在当地住院").out_of_area_kind == "临时外出"
    assert slots_of("走亲访友时在外省看的急诊").out_of_area_kind == "临时外出"


def test_inpatient_on_a_visit_to_relatives_without_filing():
    # 淮安: “市外定点医院 1200 元”; 未备案 临时外出 “在参保地相应医疗机构支付比例的基础上降低 20 个百分点”,
    # 二级 “二级医院 600 元 75%” -> 55%: (20000 - 1200) × 55% = 10340
    name, total = answered("淮安居民 回老家串亲戚 在外省一家二级医院住院 没办备案 合规两万 统筹报多少")
    assert (name, total) == ("inpatient", Decimal(10340))


# ------------------------------------------------------------------ a stay said with 这一回 / 住 + hospital


def test_a_stay_said_with_a_demonstrative_count_is_a_hospital_stay():
    assert "inpatient" in slots_of("今年就住了那一次，合规三万").benefits
    assert "inpatient" in slots_of("俺爹住过这一回，花了两万").benefits


def test_a_hospital_as_the_object_of_zhu_is_a_hospital_stay():
    assert "inpatient" in slots_of("上个月住县人民医院，合规1万").benefits
    assert "inpatient" in slots_of("住市里二级定点医院十天").benefits


def test_an_address_near_a_hospital_is_no_stay():
    assert "inpatient" not in slots_of("我住址附近的医院看门诊花了80").benefits
    assert "inpatient" not in slots_of("常住外地医院开药").benefits
    assert "inpatient" not in slots_of("家住县医院旁边，去门诊拿药花了90").benefits


def test_inpatient_with_the_hospital_as_the_object_of_zhu():
    # 随州: “二级定点 500 0 80%” -> (10000 - 500) × 80% = 7600
    name, total = answered("随州 住县里二级定点医院 政策范围内一万 全是甲类 普通居民 统筹付多少")
    assert (name, total) == ("inpatient", Decimal(7600))


# ------------------------------------------------------------------ households


def test_the_resident_as_a_bare_wo_before_their_description_is_a_member():
    slots = slots_of("连云港 全家：我低保户；老公普通居民；闺女读初中。一共交多少")
    assert [m.relation for m in slots.household] == ["本人", "配偶", "闺女"]
    assert slots.household[0].groups == ["低保对象"]


def test_contribution_with_the_resident_as_a_bare_wo():
    # 连云港 2026: 低保 “个人缴费部分由财政予以全额资助” 0; “其他成年居民每人每年440元”;
    # “其他在校学生（含幼儿园）每人每年420元” -> 0 + 440 + 420 = 860
    name, total = answered("连云港2026年度 全家：我低保户；老公普通居民；闺女读初中。个人一共交多少")
    assert (name, total) == ("contribution", Decimal(860))


def test_a_household_size_said_as_n_kou_after_a_family_word():
    assert slots_of("一家四口，都是普通居民，交多少").household_size == 4
    assert slots_of("家里三口 每人交多少").household_size == 3


def test_a_count_restating_members_named_with_possessives_adds_no_members():
    slots = slots_of("我、我媳妇两个大人，还有一个孩子10岁，全家交多少")
    assert [m.relation for m in slots.household] == ["本人", "配偶", "孩子"]


def test_contribution_of_members_restated_by_a_count():
    # 长春 2021: 成年 320 / 未成年 200 (“320/200”) -> 320 + 320 + 200 = 840
    name, total = answered("长春 2021年 我、我媳妇两个大人，还有一个孩子10岁，全家个人一共交多少")
    assert (name, total) == ("contribution", Decimal(840))


# ------------------------------------------------------------------ prenatal checks among visits


def test_prenatal_checks_among_visits_said_as_kan_menzhen_are_outpatient():
    assert slots_of("在卫生院看门诊两次花了60、80，另外产检花了200，统筹给多少").benefit == "outpatient"


def test_outpatient_visits_with_a_prenatal_check_free_of_the_daily_limit():
    # 随州: 50%, “卫生院（卫生服务中 心，附属医院）每人每天50元”; “产前检查、先兆流产、流产、引产门诊费用
    # 纳入门诊统筹保障范围，不受日 限额和医疗机构等级限制”: 60 × 50% = 30, 80 × 50% = 40, 产检 200 × 50% = 100
    # -> 170 (< 350 “年封顶350元”)
    name, total = answered("随州 在乡镇卫生院看门诊两次（不同天）分别花了60、80，另外在卫生院产检花了200，都在政策范围内，统筹给多少")
    assert (name, total) == ("outpatient_general", Decimal(170))


# ------------------------------------------------------------------ a cost per month


def test_a_cost_per_month_over_a_count_of_months_is_the_months_cost():
    slots = slots_of("吃了6个月的药，每个月200元")
    assert (slots.amount, slots.amount_per, slots.months) == (Decimal(200), "month", 6)


def test_a_cost_per_month_without_a_count_of_months_names_none():
    assert slots_of("月均药费150元").months is None


def test_chronic_disease_with_a_monthly_cost_over_months():
    # 长治 居民 二类 支气管哮喘: “11 慢性肾功能不全 440元 20 支气管哮喘 210元” (月限额); “医疗费 用目录内
    # 部分70%”: 每月180 < 210 -> 180 × 6 × 70% = 756
    name, total = answered("长治居民 支气管哮喘办了门诊慢性病 今年6个月每月门诊用药180元 统筹报多少")
    assert (name, total) == ("chronic_disease", Decimal(756))


# ------------------------------------------------------------------ a listed name joined to its setting


def test_a_listed_disease_with_its_treatment_setting_said_apart():
    # 长治 居民 一类门诊慢性病 “恶性肿瘤门诊治疗”: “支付70%,个人自付” -> 10000 × 70% = 7000
    name, total = answered("长治 城乡居民 恶性肿瘤一直在门诊治疗 门诊慢性病 今年政策范围内一万 统筹付多少")
    assert (name, total) == ("chronic_disease", Decimal(7000))


# ------------------------------------------------------------------ outpatient on a trip to another province


def test_outpatient_rate_on_a_temporary_trip_to_another_province_is_reduced():
    # 长治: “跨省临时外出就医人员在就医地发生的普通门诊医疗费用，统筹基金支付比例在参保地相同级别医疗机构
    # 支付比例的基础上降低 10 个百分点”; 一级 “支付比例 45% 55% 60%” -> 50%: 100 × 50% = 50
    result = run("outpatient_general", {"city": "长治", "facility": "村卫生室", "compliant_amount": "100",
                                        "cross_province_temporary": True}, today=TODAY)
    assert result.total == Decimal(50)


def test_outpatient_on_a_trip_to_another_province_from_the_message():
    # as above, 二级 55% - 10 = 45%: 200 × 45% = 90
    name, total = answered("长治居民 去外省旅游（临时外出）在当地二级医院看普通门诊 甲类药200元 门诊统筹报多少")
    assert (name, total) == ("outpatient_general", Decimal(90))


# ------------------------------------------------------------------ amounts named by their part of an admission


def test_rescue_and_stay_amounts_each_named_by_its_part():
    # 淮安: “门诊急诊急救转住院的,经救治医院认定符合急诊急救的,该次发生的急诊费用与住院费用合并计算报销”;
    # “一级医院 300 元 85%” -> (500 + 6000 - 300) × 85% = 5270
    name, total = answered("淮安 一级医院 急诊抢救完转住院 急救费用合规500 住院费用合规6000 普通居民 统筹报多少")
    assert (name, total) == ("inpatient", Decimal(5270))


def test_rescue_and_stay_amounts_named_by_their_parts_in_the_other_order():
    # 随州: “急诊抢救（含院前急诊抢救）医疗费用与住院医 疗费用合并计算”; “二级定点 500 0 80%”
    # -> (12000 + 800 - 500) × 80% = 9840
    name, total = answered("随州 普通居民 二级医院 住院花了合规1万2，之前急诊抢救花了合规800，是急诊抢救后转的住院，"
                           "全是甲类，统筹报多少")
    assert (name, total) == ("inpatient", Decimal(9840))


# ------------------------------------------------------------------ visits whose costs are said by drug class


def test_visits_each_said_by_drug_class_are_computed_one_by_one():
    # 长治: “支付比例 45% 55% 60%” (三级/二级/一级), “起付标准 80元 0元 0元”; “参保人员在门诊使用乙类药品时需
    # 先行自 付5%，再按规定比例报销”: 二级 100 × 55% = 55; 村卫生室 乙类 200 × 95% × 60% = 114 -> 169 (< 300)
    name, total = answered("长治居民 今年门诊统筹：先在二级医院看了一次，甲类药100；后来在村卫生室又看了一回，乙类药200。"
                           "统筹一共报多少")
    assert (name, total) == ("outpatient_general", Decimal(169))


def test_one_visit_said_by_drug_class_stays_one_visit():
    # as above, 一级 60%: 120 × 60% + 80 × 95% × 60% = 72 + 45.6 = 117.6
    name, total = answered("长治居民 在村卫生室看了一次普通门诊，甲类药120元、乙类药80元，门诊统筹报多少")
    assert (name, total) == ("outpatient_general", Decimal("117.6"))


# ------------------------------------------------------------------ a kindergarten child


def test_school_accident_outpatient_for_a_kindergarten_child():
    # 连云港 2017: “参保学生（指参保年度内由学校或幼教机构统一组织参保缴费的学生和幼儿，下同）”; “一、二、三级定点
    # 医疗机构基本医疗统筹基金报销比例分别为80%、70%、60%，年度封顶线为3000元” -> 二级 1500 × 70% = 1050
    name, total = answered("连云港 儿子在幼儿园午睡时从床上摔下来受伤了，没有第三方责任，幼儿园统一参的保，"
                           "在二级医院看门诊合规1500，统筹报多少")
    assert (name, total) == ("outpatient_accident", Decimal(1050))


# ------------------------------------------------------------------ further forms of the classes above


def test_a_cost_per_month_over_the_whole_year_is_twelve_months():
    slots = slots_of("全年每月药费200元")
    assert (slots.amount, slots.amount_per, slots.months) == (Decimal(200), "month", 12)


def test_a_bare_number_after_a_cost_word_and_an_adverb_is_a_cost():
    assert slots_of("每个月药费都是150").amount == Decimal(150)
    assert slots_of("住院费用大概是8000").amount == Decimal(8000)


def test_chronic_disease_over_the_whole_year_by_month():
    # 长治 二类 支气管哮喘 “20 支气管哮喘 210元” (月限额), 70%: 200 < 210 -> 200 × 12 × 70% = 1680
    name, total = answered("长治居民 支气管哮喘办了门诊慢性病 全年每月药费200元 统筹报多少")
    assert (name, total) == ("chronic_disease", Decimal(1680))


def test_wo_before_a_relation_word_is_that_member_not_the_resident():
    slots = slots_of("家里三口：我婆婆低保户；我普通居民；我孩子上初中")
    assert [m.relation for m in slots.household] == ["婆婆", "本人", "孩子"]


def test_a_stay_said_to_follow_a_rescue_by_a_word_of_sequence():
    # 淮安 as above, 二级 “二级医院 600 元 75%”: (700 + 5000 - 600) × 75% = 3825
    name, total = answered("淮安 二级医院 抢救花了合规700，随后住院又花了合规5000 普通居民 统筹报多少")
    assert (name, total) == ("inpatient", Decimal(3825))
