"""Calculations understood the way residents state them, by class of expression (issue 11, sixth round).

Each test names one class the studied set blind_calc_cases_5 showed unread: an emergency rescue turned
into a stay said with a typo of 住院 or with each part's cost pointed at (急诊那块…), a delivery asked
together with the prenatal checks' fixed amount, the chronic-disease calculator reached by a disease's
everyday name, medical assistance asked as what it still gives after the schemes have paid. The
phrasings are written for these tests (none is an evaluation question); every expected figure is
worked by hand from the document text quoted beside it.
"""

from __future__ import annotations

from decimal import Decimal

from bot.answers.answering import Answerer
from calculators.registry import run
from tests.test_calc_wording_classes_4 import TODAY, answered, slots_of  # one answering path, one reading

# ------------------------------------------------------------------ an emergency rescue turned into a stay


def test_a_stay_after_a_rescue_said_with_a_typo_of_zhuyuan_adds_the_rescue():
    # 淮安 (ha-2026-100qa): “门诊急诊急救转住院的,经救治医院认定符合急诊急救的,该次发生的急诊费用与住院费用合并
    # 计算报销”; “二级医院 600 元 75%” -> (1500 + 8600 - 600) × 75% = 7125
    name, total = answered("淮安 我妈在二级医院挂的急诊，抢救完当晚就收住阮了，急诊花了1500，住院合规8600，能报多少")
    assert (name, total) == ("inpatient", Decimal(7125))


def test_a_part_of_the_care_pointed_at_before_a_bare_number_makes_it_a_cost():
    assert slots_of("急诊那块1200，住院这边9000").amounts == [Decimal(1200), Decimal(9000)]
    assert slots_of("门诊这部分300").amounts == [Decimal(300)]
    assert slots_of("抢救那头花了700").amounts == [Decimal(700)]


def test_a_bare_number_after_a_demonstrative_without_a_part_of_the_care_is_no_cost():
    assert slots_of("那块15，三级医院住院").amounts == []


def test_rescue_and_stay_costs_pointed_at_by_their_parts_are_added():
    # 随州 (sz-resident-brochure): “因突发疾病急诊抢救转为住院治疗的，急诊抢救（含院前急诊抢救）医疗费用与住院医
    # 疗费用合并计算”; “二级定点 500 0 80%” -> (1200 + 9000 - 500) × 80% = 7760
    name, total = answered("随州，我妈急诊抢救以后转了住院，二级医院，急诊那块1200，住院这边9000，全是甲类，合起来报多少")
    assert (name, total) == ("inpatient", Decimal(7760))


def test_a_rescue_turned_into_a_stay_where_the_documents_give_no_such_rule_says_so():
    # 长春's handbook has no rule adding a rescue's cost to the stay it turned into
    answer = Answerer(search=lambda *a, **k: [], today=lambda: TODAY).answer(
        "长春，我爸急诊抢救以后转了住院，二级医院，急诊那块1200，住院这边9000，能报多少")
    assert answer.calculation is None
    assert "没有规定急诊抢救转住院的费用与住院费用合并计算" in answer.answer


# ------------------------------------------------------------------ a delivery with the prenatal checks' fixed amount


def test_a_delivery_asked_with_its_prenatal_checks_adds_the_fixed_prenatal_amount():
    # 连云港 2026 (lyg-2026-contribution-notice): “住院分娩合规医疗费用先按照城乡居民医保普通住院进行报销，剩余部分
    # 由财政予以补助；产前检查定额报销321元”; “一、二、三级医院住院起付线分别为200元、400元、800元，起付线以上合规
    # 费用成年居民报销比例分别为85%、75%、65%” -> (9000 - 800) × 65% + 321 = 5330 + 321 = 5651
    name, total = answered("老婆在连云港三级医院剖宫产，住院合规9000元，之前产检也花了800，分娩加产检医保一共报多少")
    assert (name, total) == ("case_parts", Decimal(5651))


def test_the_prenatal_fixed_amount_does_not_depend_on_the_checks_cost_said():
    # as above, 二级: (4600 - 400) × 75% + 321 = 3150 + 321 = 3471, whatever the checks cost
    for checks in ("产检花了300", "产检花了2000", "产前检查也做了"):
        name, total = answered(f"连云港，女儿在二级医院顺产，住院合规4600，{checks}，生孩子和产检一共能报多少")
        assert (name, total) == ("case_parts", Decimal(3471)), checks


def test_a_delivery_with_the_prenatal_checks_denied_is_the_delivery_alone():
    # as above: (4600 - 400) × 75% = 3150
    name, total = answered("连云港，女儿在二级医院顺产，住院合规4600，没做产检，能报多少")
    assert (name, total) == ("inpatient", Decimal(3150))


def test_a_delivery_priced_by_its_own_limit_adds_the_prenatal_amount_of_that_year():
    # 连云港 2019–2025: 2017 办法 “住院分娩实行限额报销，其中顺产报销1800元” (a cost of 1500 below the limit is paid
    # in full) and the 2018 notice “产前检查（含新生儿疾病筛查）定额报销费用额度调整为321元” -> 1500 + 321 = 1821
    result = run("case_parts", {"city": "连云港", "date": "2025-06-01", "parts": [
        {"label": "住院分娩", "calculator": "maternity", "inputs": {"delivery_type": "顺产", "amount": "1500"}},
        {"label": "产前检查", "calculator": "maternity", "inputs": {"benefit": "产前检查"}},
    ]})
    assert result.total == Decimal("1821.00")
    assert result.details["parts"] == {"住院分娩": Decimal(1500), "产前检查": Decimal(321)}


def test_a_delivery_without_its_hospital_level_asks_for_it_first():
    answer = Answerer(search=lambda *a, **k: [], today=lambda: TODAY).answer(
        "连云港，在医院顺产，合规费用1500，产检也做了，分娩和产检一共报多少")
    assert answer.follow_up is not None and answer.follow_up.slot == "level"


# ------------------------------------------------------------------ a fixed payment a stay at 长春's district hospitals

DISTRICT_QUOTE = "实行参保居民患者一次住院只需支付1000元起付线，就可以实现一次住院治疗"  # cc-policy-handbook 第36问


def test_stays_under_the_district_hospitals_fixed_payment_cost_the_fixed_amount_each():
    # 长春: “五家区属公立医院：朝阳区医院、南关区医院（民康医院）、宽城区医院、二道区医院、绿园区医院” + DISTRICT_QUOTE
    # -> 3 stays × 1000 = 3000
    name, total = answered("长春 我妈今年在宽城区医院住院三次，按区属医院定额结算，个人一共花多少")
    assert (name, total) == ("fixed_payment", Decimal(3000))


def test_a_stay_at_a_hospital_the_scheme_names_is_priced_by_the_scheme():
    # as above, the hospital by its other name (南关区医院（民康医院）): one stay, 1000; the fund pays 12000 − 1000
    answer = Answerer(search=lambda *a, **k: [], today=lambda: TODAY).answer(
        "长春，在民康医院住了一次院，花了合规1万2，医保报多少")
    assert answer.calculation["name"] == "fixed_payment"
    assert answer.calculation["total"] == 1000
    assert answer.calculation["details"]["fund"] == 11000


def test_a_stay_at_another_district_hospital_is_an_ordinary_stay():
    name, _ = answered("长春，在区医院（二级）住院花了1万，能报多少")
    assert name == "inpatient"


def test_the_fixed_payment_a_stay_multiplies_by_the_stays_and_cites_its_rule():
    result = run("fixed_payment", {"city": "长春", "scheme": "区属公立医院定额治疗", "stays": 2})
    assert result.total == Decimal("2000.00")
    assert any(s.citation and s.citation.quote == DISTRICT_QUOTE for s in result.steps)


def test_a_fixed_payment_a_year_ignores_the_count_of_stays():
    # 长春: “血液透析低自付实现了在市级医疗机构只需自付800元”; “参保患者一年只需支付一次定额”
    result = run("fixed_payment", {"city": "长春", "scheme": "重特大疾病低自付", "hospital_tier": "市级", "stays": 3})
    assert result.total == Decimal("800.00")


def test_a_count_of_stays_is_read_in_every_word_order():
    from bot.understanding.slots import stay_count

    assert [stay_count(t) for t in ("住了两回院", "两次住院", "住院3次", "住过一次院", "住了十来天院")] == [2, 2, 3, 1, None]


# ------------------------------------------------------------------ a listed disease by its everyday name


def test_a_chronic_disease_said_by_its_everyday_name_reaches_its_listed_name():
    # 长治 二类门诊慢性病 (cz-benefit-tables): “15 慢性阻塞性肺疾病 400元”, “符合慢病审批方案的医疗费用目录内部分70%”
    # -> 2 months × 300 = 600 (within 2 × 400), 600 × 70% = 420
    answer = Answerer(search=lambda *a, **k: [], today=lambda: TODAY).answer(
        "长治居民，我爸有慢阻肺，办了门诊慢性病，这两个月每月合规药费300元，慢病统筹一共报多少")
    assert answer.calculation["inputs"]["disease"] == "慢性阻塞性肺疾病"
    assert Decimal(str(answer.calculation["total"])) == Decimal(420)


def test_an_everyday_name_reaches_each_citys_own_clinical_name():
    from bot.answers.calc_bridge import _listed_disease

    on = TODAY
    assert _listed_disease("长春", None, "长春居民 慢阻肺 门诊慢性病", on) == "慢性阻塞性肺病"  # 长春 lists 慢性阻塞性肺病
    assert _listed_disease("长治", None, "长治居民 肺气肿 门诊慢性病", on) == "慢性阻塞性肺疾病"
    assert _listed_disease("长治", None, "长治居民 老年痴呆 门诊慢性病", on) == "阿尔茨海默症"
    assert _listed_disease("长治", None, "长治居民 甲亢 门诊慢性病", on) == "甲状腺功能减退症或甲状腺功能亢进症"


def test_an_everyday_name_under_a_negation_reaches_no_listed_name():
    from bot.answers.calc_bridge import _listed_disease

    assert _listed_disease("长治", None, "长治居民 不是慢阻肺 门诊慢性病", TODAY) is None


def test_a_cost_per_month_over_half_a_year_is_six_months_of_it():
    s = slots_of("每月合规药费300元，报了半年")
    assert (s.amount_per, s.months) == ("month", 6)
    assert slots_of("每月合规药费300元，报了半年多").months is None


# ------------------------------------------------------------------ what medical assistance still gives after the schemes


def test_what_is_left_said_with_a_verb_of_paying_is_the_residents_cost():
    for said in ("自己还要付8000", "还得自己掏8000", "个人还要出8000"):
        s = slots_of(f"随州低保，报完以后{said}，救助还能再给多少")
        assert s.amount == Decimal(8000), said


def test_a_number_after_a_bare_paying_verb_is_no_cost():
    assert slots_of("付3次，三级医院").amounts == []


def test_assistance_asked_as_what_it_still_gives_after_the_schemes_is_calculated():
    # 随州 (sz-resident-brochure): “二类医疗救助对象 起付线0元”, “低保对象和返贫致贫人口不低于70%” (read as 70%)
    # -> 8000 × 70% = 5600
    for ask in ("救助还能再给多少", "医疗救助能救多少", "基本救助再给多少"):
        name, total = answered(f"随州低保户，住院基本医保和大病保险都报完了，自己还要付8000，{ask}")
        assert (name, total) == ("assistance", Decimal(5600)), ask
