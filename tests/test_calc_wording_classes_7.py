"""Calculations understood the way residents state them, by class of expression (issue 11, seventh round).

Each test names one class: a cost said as the sum it has reached (累计到, 滚到, 加起来到, 花到 N元); the
resident's own share asked in any of the ways residents ask it (我得掏多少, 自己要拿多少, 剩下多少要自己掏); a
disease named by a reading said high (血压高, 血糖也高), an everyday word or its treatment (糖尿, 三高, 洗肾, 打胰岛素);
visits said not to be on one day (不在同一天) and their costs after items of the enumeration (一次80，一次40); a
fixed payment (长春 定额) owed by each of several members; a household listed as labels and descriptions (爷爷-低保户,
我：读大学, 1.爸爸 残疾人 2.妈妈 普通); a drug class written after its amount (6000元的乙类药, 其中6000元是乙类); the
ways a question offers (按门诊还是按住院报) taken as its alternatives, not as the care had.
The phrasings are written for these tests (none is an evaluation question); every expected figure is
worked by hand from the document text quoted beside it.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from bot.answers.answering import Answerer
from calculators.registry import run
from tests.test_calc_wording_classes_4 import TODAY, answered, slots_of  # one answering path, one reading

# ------------------------------------------------------------------ a cost said as the sum it has reached


@pytest.mark.parametrize("said", ["累计到2万", "滚到2万", "加起来到2万元", "一共到两万", "花到2万", "合计达到2万"])
def test_a_figure_after_a_verb_of_reaching_is_the_cases_cost(said):
    assert slots_of(f"住院的合规费用{said}").amount == Decimal(20000), said


def test_a_bare_number_after_a_verb_of_reaching_is_a_cost():
    assert slots_of("门诊药费累计到850").amounts == [Decimal(850)]


def test_a_cost_spent_up_to_a_figure_is_the_total_like_hua_le():
    assert slots_of("住院花到3万").amount_basis == "total"


def test_a_figure_before_dao_still_bounds_a_band():
    assert slots_of("6万到10万的部分报多少").amounts == []
    assert slots_of("起付线以上到1万之间").amounts == []


def test_a_reached_figure_followed_by_a_band_word_is_no_cost():
    assert slots_of("累计到6万以上的部分").amounts == []


def test_a_stay_whose_cost_is_said_as_reached_is_priced():
    # 淮安 (ha-2026-100qa): “二级医院 600 元 75%” -> (20000 - 600) × 75% = 14550
    name, total = answered("淮安，在二级医院住的院，合规的钱前前后后累计到两万，统筹给报多少")
    assert (name, total) == ("inpatient", Decimal(14550))


# ------------------------------------------------------------------ the personal share asked in every way


@pytest.mark.parametrize("ask", ["我得掏多少", "俺还得出多少钱", "咱要付几个钱", "自己要拿多少", "个人还要贴多少",
                                 "剩下多少要自己掏", "有多少得个人负担"])
def test_every_way_of_asking_the_own_share_asks_the_personal_share(ask):
    assert slots_of(f"门诊统筹 卫生院 药费300元 {ask}").asked == "personal_share", ask


@pytest.mark.parametrize("ask", ["我能拿多少", "医保出多少", "我出院能报多少"])
def test_receiving_or_a_fund_paying_is_no_personal_share(ask):
    assert slots_of(f"门诊统筹 卫生院 药费300元 {ask}").asked is None, ask


def test_the_own_share_of_an_outpatient_visit_leads_the_answer():
    # 淮安 (ha-2026-100qa) 门诊统筹 at a 基层 facility: “0 70% 50% 300 元 400 元” (一般诊疗费 70%, other costs 50%)
    # -> the fund pays 360 × 50% = 180, the resident 360 − 180 = 180
    answer = Answerer(search=lambda *a, **k: [], today=lambda: TODAY).answer(
        "淮安，在镇卫生院看门诊，药和检查合规360元，这回我自己要拿多少")
    assert answer.answer.startswith("自己负担180元")


def test_the_final_share_of_a_stay_asked_colloquially_is_the_settlement_and_leads_the_answer():
    # 淮安 (ha-2026-100qa): “二级医院 600 元 75%”; 大病保险 “普通参保人员 18000 元” (not reached)
    # -> basic (10000 − 600) × 75% = 7050; the resident 10000 − 7050 = 2950
    answer = Answerer(search=lambda *a, **k: [], today=lambda: TODAY).answer(
        "淮安 二级医院住的院 合规一万 咱还得掏几个钱")
    assert (answer.calculation["name"], Decimal(str(answer.calculation["total"]))) == ("settlement", Decimal(2950))
    assert answer.answer.startswith("自己最终负担2950元")


# ------------------------------------------------------------------ a disease by a reading said high or an everyday word


@pytest.mark.parametrize(("said", "disease"), [
    ("血压高", "高血压"), ("血压也高", "高血压"), ("血压一直偏高", "高血压"), ("血糖有点高", "糖尿病"),
    ("有糖尿", "糖尿病"), ("天天打胰岛素", "糖尿病"), ("常年吃降压药", "高血压"),
])
def test_a_reading_said_high_or_an_everyday_word_names_the_disease(said, disease):
    assert slots_of(f"我爸{said}，卫生室拿药").diseases == [disease], said


def test_a_word_naming_several_diseases_names_each():
    assert slots_of("老爷子三高，卫生室拿药").diseases == ["高血压", "糖尿病"]


@pytest.mark.parametrize("said", ["血压不高", "没有血压高", "血压高不高没查过"])
def test_a_reading_not_said_high_names_no_disease(said):
    assert slots_of(f"我妈{said}，卫生室拿药").diseases == [], said


def test_dialysis_by_its_everyday_name_is_the_uremia_special_disease():
    assert slots_of("我妈洗肾好几年了").special_diseases == ["尿毒症"]


def test_a_disease_said_by_its_reading_gets_the_two_diseases_payment():
    # 淮安 (ha-2026-100qa) 两病: “暂不设起付线 50% 800 元 1200 元” -> 700 × 50% = 350 (below the one-disease cap 800)
    name, total = answered("淮安，老妈血糖一直偏高，两病认定了，村卫生室拿药合规700元，能报多少")
    assert (name, total) == ("two_diseases", Decimal(350))


def test_the_costs_labelled_by_each_diseases_drug_are_read_and_added():
    # as above, both diseases: 900 × 50% = 450 and 500 × 50% = 250, each below 800; together 700, below 1200
    name, total = answered("淮安 我家老头三高 两病都办了 社区卫生服务中心 降压的900 降糖的500 能报多少")
    assert (name, total) == ("two_diseases", Decimal(700))


def test_a_bare_number_right_after_a_disease_name_is_no_cost():
    assert slots_of("我爸高血压160，卫生室拿药合规800").amounts == [Decimal(800)]  # 160: a reading, not a cost


def test_dialysis_said_as_xishen_reaches_the_citys_listed_dialysis_name():
    # 随州 (sz-resident-brochure): “（其中器官移植抗排异治 疗、慢性肾功能衰竭透析报销80%）” -> 20000 × 80% = 16000
    answer = Answerer(search=lambda *a, **k: [], today=lambda: TODAY).answer(
        "随州 我妈洗肾 办了门诊特殊病 今年政策范围内2万 能报多少")
    assert answer.calculation["inputs"]["disease"] == "慢性肾功能衰竭透析"
    assert Decimal(str(answer.calculation["total"])) == Decimal(16000)


# ------------------------------------------------------------------ visits said not to be on one day


@pytest.mark.parametrize("apart", ["（不在同一天）", "，不是同一天，", "，并非同一天，"])
def test_visits_said_not_to_be_on_one_day_get_a_daily_limit_each(apart):
    # 随州 (sz-resident-brochure) 门诊统筹: “金支付50%，年封顶350元”; “卫生室（所，站）每人每天30元” (the fund's daily
    # limit) -> 80 × 50% = 40, limited to 30; 40 × 50% = 20; together 50
    name, total = answered(f"随州 门诊统筹 村卫生室去了两回{apart}分别80元、40元 能报多少")
    assert (name, total) == ("outpatient_general", Decimal(50)), apart


def test_visits_said_to_be_on_one_day_share_one_daily_limit():
    # as above, one day: (80 + 40) × 50% = 60, limited to 30
    name, total = answered("随州 门诊统筹 村卫生室同一天去了两回 分别80元、40元 能报多少")
    assert (name, total) == ("outpatient_general", Decimal(30))


def test_a_bare_number_after_an_item_of_an_enumeration_of_visits_is_that_visits_cost():
    assert slots_of("卫生室看了两回，一次80，一次45").amounts == [Decimal(80), Decimal(45)]
    assert slots_of("第一回120 第二回60").amounts == [Decimal(120), Decimal(60)]


# ------------------------------------------------------------------ a fixed payment for several members

DISTRICT_STAY_QUOTE = "实行参保居民患者一次住院只需支付1000元起付线，就可以实现一次住院治疗"  # cc-policy-handbook 第36问


def test_two_members_each_staying_under_the_district_fixed_payment_pay_it_each():
    # 长春: “五家区属公立医院：朝阳区医院、南关区医院（民康医院）、宽城区医院、二道区医院、绿园区医院” + DISTRICT_STAY_QUOTE
    # -> 2 members × 1 stay each × 1000 = 2000
    name, total = answered("长春 我跟老伴都在宽城区医院定额住的院 各住了一次 俩人自己一共付多少")
    assert (name, total) == ("fixed_payment", Decimal(2000))


def test_stays_counted_for_each_of_two_members_multiply():
    # as above: 2 members × 2 stays each × 1000 = 4000
    name, total = answered("长春 爷爷奶奶都在绿园区医院按区属定额住院 分别住了两次 自己一共付多少")
    assert (name, total) == ("fixed_payment", Decimal(4000))


def test_stays_counted_for_both_members_together_are_not_multiplied():
    # as above: 3 stays between them × 1000 = 3000
    name, total = answered("长春 我和我爱人在二道区医院按区属定额住院 两个人一共住了3次 自己付多少")
    assert (name, total) == ("fixed_payment", Decimal(3000))


def test_members_named_apart_from_the_stay_do_not_pay_the_fixed_amount():
    # as above: only 奶奶 stayed (the others looked after her) -> 1 stay × 1000 = 1000
    name, total = answered("长春 奶奶在朝阳区医院按区属定额住了一次院 我跟爷爷轮流陪床 自己付多少")
    assert (name, total) == ("fixed_payment", Decimal(1000))


def test_a_fixed_payment_a_year_is_paid_once_by_each_member():
    # 长春: “血液透析低自付实现了在市级医疗机构只需自付800元、区级定点机构只需自付600元”; “参保患者一年只需支付一次定额”
    # -> 2 persons × 800 = 1600
    result = run("fixed_payment", {"city": "长春", "scheme": "重特大疾病低自付", "hospital_tier": "市级", "persons": 2})
    assert result.total == Decimal("1600.00")


def test_the_resident_named_with_another_by_gen_or_yu_is_a_member():
    assert [m.relation for m in slots_of("我跟老伴都是普通居民，交多少").household] == ["本人", "配偶"]
    assert [m.relation for m in slots_of("我与妻子都是普通居民，交多少").household] == ["本人", "配偶"]


# ------------------------------------------------------------------ a household listed as labels and descriptions


def members_of(text: str):
    return [(m.relation, m.person, m.groups) for m in slots_of(text).household]


def test_a_member_followed_by_a_dash_and_a_description_is_described_by_it():
    assert members_of("家里三口：外公-特困；外婆-普通；我-读大学") == [
        ("外公", "elderly", ["特困人员"]), ("外婆", "elderly", []), ("本人", "college_student", [])]


def test_a_member_followed_by_a_colon_is_described_up_to_the_next_dashed_item():
    assert members_of("一家三口 — 我：普通 — 媳妇：低保户 — 闺女：上初中") == [
        ("本人", None, []), ("配偶", None, ["低保对象"]), ("闺女", "student", [])]


def test_numbered_items_separated_by_spaces_describe_their_own_member():
    assert members_of("全家：1.老爸 特困 2.老妈 普通 3.妹妹 读高一") == [
        ("父亲", "elderly", ["特困人员"]), ("母亲", "elderly", []), ("妹妹", "student", [])]


def test_a_shared_description_after_a_space_describes_every_member_named_together():
    assert members_of("姥姥姥爷 都是低保户 爸妈普通") == [
        ("外婆", "elderly", ["低保对象"]), ("外公", "elderly", ["低保对象"]), ("父亲", "elderly", []),
        ("母亲", "elderly", [])]


def test_a_household_listed_as_numbered_items_is_priced_member_by_member():
    # 淮安 (ha-2026-100qa): “个人花 440 元购买一年的基本医疗保险”; 特困人员 “一类为特困人员”, “对所有救助对象实施全额资助参保”
    # -> 外公 0 + 外婆 440 + 爸爸 440 = 880
    name, total = answered("淮安 2026年居民医保 全家：1.外公 特困 2.外婆 普通居民 3.爸爸 普通 一共交多少")
    assert (name, total) == ("contribution", Decimal(880))


# ------------------------------------------------------------------ an amount written before its label


def test_a_drug_class_written_after_its_amount_labels_it():
    s = slots_of("住院合规3万，其中6000元是乙类")
    assert (s.amount, s.class_b, s.class_a) == (Decimal(30000), Decimal(6000), Decimal(24000))


def test_a_class_written_after_one_amount_is_not_the_next_amounts():
    s = slots_of("门诊300元的甲类、200元的乙类")
    assert (s.class_a, s.class_b) == (Decimal(300), Decimal(200))


def test_a_class_word_followed_by_its_own_amount_does_not_label_the_amount_before():
    s = slots_of("合规3万 乙类6000")
    assert (s.amount, s.class_b) == (Decimal(30000), Decimal(6000))


def test_a_part_said_first_and_the_total_after_it_is_the_totals_part():
    # 随州 (sz-resident-brochure): “个人先行自付10%，再按 甲类比例支付”; “二级定点 500 0 80%”
    # -> (30000 − 6000 × 10% − 500) × 80% = (30000 − 600 − 500) × 80% = 23120
    name, total = answered("随州 二级医院住院 6000元的乙类药 总共合规3万 报多少")
    assert (name, total) == ("inpatient", Decimal(23120))


# ------------------------------------------------------------------ a rescue not admitted, asked which way it is paid


def test_the_ways_a_question_offers_are_not_the_care_the_resident_had():
    s = slots_of("急诊抢救完没住院，合规2500，是按门诊报还是按住院报")
    assert "inpatient" not in s.benefits and "outpatient" not in s.benefits


def test_a_rescue_not_admitted_asked_as_outpatient_or_inpatient_is_paid_as_a_stay():
    # 随州 (sz-resident-brochure): “急诊抢救死亡或未转为住院治疗的，对政策范围内的医疗费用，视同 住院医疗费用按规定报销”;
    # “二级定点 500 0 80%” -> (2500 − 500) × 80% = 1600
    name, total = answered("随州 我妈在二级医院急诊抢救完没住院 政策范围内2500元 算门诊还是算住院 能报多少")
    assert (name, total) == ("inpatient", Decimal(1600))
