"""A stay away from the insured city answered by the care areas of the rules data (bot.answers.care_areas,
facts._area_facts): the area the question names gets its own deductible, rate and 先行自付 share.

Figures, from the documents:
- 淮安 百问百答 Q60: "市外定点医院 1200 元 按异地就医政策执行", "二级医院 600 元 75%"; (六)异地就医: "按规定
  转诊到设区市外就医的参保人员，基本医疗保险的支付比例在参保地相应医疗机构支付比例的基础上降低 5 个百分点",
  "临时外出人员，基本医疗保险的支付比例在参保地相应医疗机构支付比例的基础上降低 20 个百分点".
- 连云港 2017 办法: "参保成年居民经批准转外（市外转诊）、长期居外住院发生的合规医疗费用，起付线为1000元";
  2018 notice: "…报销比例提高至65%"; 2017: "未按规定办理手续直接在统筹区外医疗机构（限三级甲等医院）住院的，
  合规医疗费用部分先由个人自费15%，其余部分再按市外转诊标准报销".
- 长春 手册: "异地发生的费用不符合急诊病情或病种的，医疗保险基金支付比例为20%"; 22: "符合急诊病情，但因本人
  原因，应直接结算未直接结算的，报销比例在原基础上降低10%".
- 长治 待遇标准: "县级 省、市级 省、市级 省外 / 起付标准 100元 400元 500元 1000元 1500元 / 支付比例 85% 75%
  70% 60% 55%" (省外 1500元, 55%); "2024年1月1日起，省内异地住院“免备案”直接结算".
- 随州 手册 四、住院待遇: 市外 "异地转诊人员和异地急诊抢救人员 … 1500 … 10%（政策范围内费用）", "非急诊且未转
  诊的其他临时外出就医人员 … 1500 … 20%（政策范围内费用）", 二级定点 80%; 市内 "二级定点 500 0 80%".
"""

import pytest

from bot.answers.answering import Answerer
from bot.answers.facts import answer_figures, figure_ask
from bot.understanding.destinations import care_destinations, province_relation
from bot.understanding.slots import extract_slots
from tests.test_facts import TODAY, table_rows


@pytest.fixture
def answerer():
    return Answerer(search=lambda *a, **k: [], today=lambda: TODAY)


def test_huaian_referral_lowers_the_level_rate_by_five_points(answerer):
    # 二级医院 75%, 转诊到设区市外 "降低 5 个百分点" -> 70%
    a = answerer.answer("淮安参保的人经医院转诊去南京住院，二级医院报销比例是多少")
    assert table_rows(a.answer) == [["二级", "70%"]]
    assert "降低5个百分点" in a.answer


def test_huaian_elsewhere_unspecified_gives_every_area_its_deductible(answerer):
    # "市外定点医院 1200 元" for every kind of stay outside the city
    a = answerer.answer("淮安人到外地看病住院，起付线是多少钱")
    assert table_rows(a.answer) == [["异地长期居住（异地安置、长期居住、常驻异地工作）", "1200元"],
                                    ["按规定转诊到市外", "1200元"],
                                    ["未备案、未转诊的临时外出就医", "1200元"]]


def test_lianyungang_referral_has_its_own_deductible_and_rate(answerer):
    # 市外转诊 起付线为1000元; 报销比例提高至65%
    a = answerer.answer("连云港成年人备案转外住院，起付线和报销比例各多少")
    assert table_rows(a.answer) == [["按规定转诊到市外", "1000元", "65%"]]


def test_lianyungang_stay_without_formalities_pays_fifteen_percent_first(answerer):
    # "先由个人自费15%，其余部分再按市外转诊标准报销" (起付线为1000元)
    a = answerer.answer("连云港的没办手续去外地大医院住院了，起付线多少")
    assert table_rows(a.answer) == [["未备案、未转诊的临时外出就医", "1000元", "15%"]]


def test_changchun_stay_elsewhere_without_filing_is_paid_at_twenty_percent(answerer):
    # "不符合急诊病情或病种的，医疗保险基金支付比例为20%"
    a = answerer.answer("长春居民没备案就去外地住院，报销比例多少")
    assert {row[-1] for row in table_rows(a.answer)} == {"20%"}


def test_changchun_emergency_elsewhere_states_the_direct_settlement_proviso(answerer):
    # "符合急诊病情，但因本人原因，应直接结算未直接结算的，报销比例在原基础上降低10%"
    a = answerer.answer("长春人在外地急诊住院，报销比例是多少")
    assert "未直接结算的，报销比例在原基础上降低10%" in a.answer


def test_changzhi_a_stay_in_beijing_is_the_out_of_province_class(answerer):
    # 省外: 起付标准 1500元, 支付比例 55%
    a = answerer.answer("长治参保，要去北京的医院住院，起付线多少，报几成")
    assert table_rows(a.answer) == [["省外", "1500元", "55%"]]


def test_changzhi_a_stay_in_taiyuan_is_within_the_province(answerer):
    # "2024年1月1日起，省内异地住院“免备案”直接结算"; the levels' own rates: 三级甲等 60%
    a = answerer.answer("长治的去太原住院，三级甲等医院报销比例")
    assert table_rows(a.answer) == [["一类收费标准（三级甲等）", "60%"]]
    assert "省内异地住院“免备案”直接结算" in a.answer


def test_suizhou_referral_deductible_and_share_paid_first(answerer):
    # 异地转诊人员: 1500, 10%（政策范围内费用）, 二级定点 80%
    a = answerer.answer("随州参保经转诊到市外二级医院住院，起付线和报销比例")
    assert table_rows(a.answer) == [["二级", "1500元", "80%", "10%"]]


def test_suizhou_without_referral_is_told_apart_from_with_referral(answerer):
    # 非急诊且未转诊的其他临时外出就医人员: 1500, 20%（政策范围内费用）
    a = answerer.answer("随州参保没有转诊，自己去市外二级医院住院，起付线和报销比例")
    assert table_rows(a.answer) == [["二级", "1500元", "80%", "20%"]]


def test_traditional_characters_reach_the_area_figures(answerer):
    # the same question as test_suizhou_referral_deductible_and_share_paid_first, in traditional characters
    a = answerer.answer("隨州參保經轉診到市外二級醫院住院，起付線和報銷比例")
    assert table_rows(a.answer) == [["二级", "1500元", "80%", "10%"]]


def test_a_stay_with_no_area_named_keeps_the_home_table_and_says_elsewhere_differs(answerer):
    # 随州 市内: 一级定点 200, 二级定点 500, 三级定点 900
    a = answerer.answer("随州住院起付线多少")
    assert table_rows(a.answer) == [["一级", "200元"], ["二级", "500元"], ["三级", "900元"]]
    assert "到市外住院" in a.answer and "另有标准" in a.answer


def test_a_kind_of_care_elsewhere_the_rules_do_not_set_apart_is_left_to_the_passages():
    # 淮安's rules give no figures of an emergency elsewhere (the documents: "异地急诊抢救人员视同已备案")
    question = "淮安人在外地急诊住院，报销比例多少"
    slots = extract_slots(question, TODAY)
    ask = figure_ask(question, slots)
    assert ask is not None and ask.away
    assert answer_figures("淮安", ask, slots, TODAY, question) is None


@pytest.mark.parametrize("question", ["去外地住院没转诊，报销比例", "在外地住院，未经转诊", "自己跑到市外住院"])
def test_care_elsewhere_without_referral_is_a_stay_without_filing(question):
    assert extract_slots(question, TODAY).care_area() == "未备案"


def test_a_referral_said_is_the_referral_area():
    assert extract_slots("经转诊去市外住院", TODAY).care_area() == "转诊"


def test_a_place_named_as_where_the_stay_is_is_care_elsewhere():
    slots = extract_slots("打算去上海住院", TODAY)
    assert slots.out_of_area == "异地" and care_destinations("打算去上海住院") == ["上海"]


def test_a_place_named_as_a_scheme_is_no_destination():
    assert care_destinations("上海医保住院报多少") == []


@pytest.mark.parametrize(("place", "city", "relation"), [
    ("太原", "长治", "省内"), ("北京", "长治", "省外"), ("南京", "淮安", "省内"), ("武汉", "长春", "省外"),
])
def test_a_places_province_is_read_from_the_provinces_vocabulary(place, city, relation):
    assert province_relation(place, city) == relation


def test_a_follow_up_naming_an_area_restates_the_figure_asked_for_that_area(answerer):
    # 长治: home 三级甲等 1000元, 省外 1500元 ("起付标准 100元 400元 500元 1000元 1500元")
    first = answerer.answer("长治住院起付线多少")
    follow = answerer.answer("那省外呢？", session_id=first.session_id)
    assert table_rows(follow.answer) == [["省外", "1500元"]]
