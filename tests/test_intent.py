"""bot.understanding.intent: the boundaries between intents, one behaviour per test."""

import datetime as dt

import pytest

from bot.understanding.cities import cities_in
from bot.understanding.intent import classify_intent
from bot.understanding.normalize import normalize
from bot.understanding.slots import extract_slots

TODAY = dt.date(2026, 5, 10)


def intent_of(text, city_given=False):
    text = normalize(text)
    return classify_intent(text, extract_slots(text, TODAY), cities_in(text), city_given=city_given)


@pytest.mark.parametrize(
    "text",
    ["淮安住院报销比例是多少?", "连云港三级医院起付线是多少", "长春门诊统筹一年最多报多少"],
)
def test_asking_what_the_rule_is_is_policy(text):
    assert intent_of(text).intent == "policy"


@pytest.mark.parametrize(
    "text",
    ["淮安住院花了3万能报多少?", "连云港三级医院住院5万,自己要付多少", "长春门诊开药650元,统筹支付多少元"],
)
def test_asking_an_amount_for_a_given_cost_is_calculation(text):
    assert intent_of(text).intent == "calculation"


def test_a_band_limit_is_not_a_case_so_the_question_is_policy():
    assert intent_of("连云港大病保险,个人负担15万以上的那部分报多少?").intent == "policy"


def test_asking_where_a_band_starts_is_policy_even_with_an_amount():
    assert intent_of("三万五在淮安住院算大额吗,大病保险从多少开始报?").intent == "policy"


def test_an_amount_without_any_question_is_not_calculation():
    assert intent_of("淮安住院花了3万,医院是三级的,我是成年人").intent == "policy"


def test_a_payment_date_and_asking_when_benefits_start_is_calculation():
    assert intent_of("2026年7月15日才交上长春的医保,从哪天开始能用?").intent == "calculation"


def test_asking_when_benefits_start_without_a_date_is_policy():
    assert intent_of("连云港 刑满释放人员 参加居民医保 等待期 从哪天享受").intent == "policy"


def test_a_household_asking_what_it_pays_is_calculation():
    assert intent_of("全家五口人在连云港参保,爷爷奶奶和我们夫妻俩,还有女儿5岁,一共要交多少钱?").intent == "calculation"


def test_one_person_asking_the_contribution_is_policy():
    assert intent_of("淮安普通成年居民,一年的居民医保个人大概要交多少钱?").intent == "policy"


def test_a_payment_date_and_asking_how_long_until_it_pays_is_calculation():
    result = intent_of("连云港 2026年5月8日交的医保费到账了 多久能报销")
    assert (result.intent, result.reason) == ("calculation", "给出了缴费/身份变化日期，问要等多久")


def test_asking_how_long_until_it_pays_without_a_date_is_policy():
    assert intent_of("连云港补交医保后多久能报销?").intent == "policy"


def test_asking_what_i_pay_for_a_year_is_calculation():
    result = intent_of("帮我算一下连云港2026年医保我要交多少钱")
    assert (result.intent, result.reason) == ("calculation", "问自己某年要交多少")


def test_asking_what_one_person_pays_for_a_year_is_calculation():
    assert intent_of("随州2025年一个人交多少医保").intent == "calculation"


def test_asking_what_one_person_pays_a_year_without_a_year_is_policy():
    assert intent_of("随州城乡居民医保一个人一年自己要交多少钱?").intent == "policy"


def test_the_individual_share_for_a_named_year_is_policy():
    assert intent_of("随州2025年城乡居民医保个人一年要交多少钱?").intent == "policy"


def test_a_counted_household_asking_what_it_pays_is_calculation():
    result = intent_of("我们夫妻俩和两个孩子在淮安交医保要多少钱")
    assert (result.intent, result.reason) == ("calculation", "列出了家庭成员，问一共要交多少")


def test_two_covered_cities_joined_is_comparison():
    result = intent_of("淮安和长春住院起付线")
    assert (result.intent, result.reason) == ("comparison", "同时问淮安和长春")


def test_asking_which_city_is_comparison():
    assert intent_of("哪个城市的大病保险报得最多?").intent == "comparison"


def test_insured_in_one_city_treated_in_another_is_not_comparison():
    assert intent_of("淮安参保,在长春住院花了2万能报多少").intent == "calculation"


@pytest.mark.parametrize("text", ["你好", "在吗?", "谢谢!", "你能做什么?", "您好,在吗", "帮助", "Hello"])
def test_greetings(text):
    assert intent_of(text).intent == "greeting"


def test_a_greeting_before_a_question_is_the_question():
    assert intent_of("你好,淮安住院报销比例是多少").intent == "policy"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("杭州的西湖益联保一年保费多少钱?", "商业保险（益联保）"),
        ("失业了能领失业保险金吗?", "其他社会保险或公积金（失业保险金）"),
        ("职工退休后养老金怎么算", "职工养老/退休（职工退休）"),
        ("感冒了吃什么药", "医疗建议（吃什么药）"),
        ("今天天气怎么样", "天气、股票等与医保无关的话题（天气）"),
        ("北京医保住院报销比例", "城市不在覆盖范围（北京）"),
        ("今天中午吃点啥", "没有提到医保相关内容"),
    ],
)
def test_out_of_scope_with_its_reason(text, reason):
    result = intent_of(text)
    assert (result.intent, result.reason) == ("out_of_scope", reason)


@pytest.mark.parametrize("text", [
    "上班摔伤了算工伤，能走居民医保报销吗",
    "买了惠民保还用交医保吗，惠民保能代替医保不",
    "被车撞了对方有车险，住院还能用医保报吗",
])
def test_whether_the_scheme_pays_for_an_out_of_scope_topic_is_a_policy_question(text):
    assert intent_of(text).intent == "policy"


@pytest.mark.parametrize("text", ["淮安看眼科哪家医院好", "孩子发烧去哪个医院好一点，给推荐下", "长春看颈椎病口碑好的名医"])
def test_asking_for_a_hospital_or_doctor_recommendation_is_out_of_scope(text):
    assert intent_of(text).intent == "out_of_scope"


@pytest.mark.parametrize("text", ["中端医疗险的住院垫付怎么申请", "商业险拒赔了找谁", "孩子的学平险平安险怎么买划算",
                                  "健康险的等待期一般几个月"])
def test_a_commercial_insurance_product_by_any_of_its_generic_names_is_out_of_scope(text):
    assert intent_of(text).intent == "out_of_scope"


@pytest.mark.parametrize("text", ["二甲双胍饭后吃还是饭前吃", "阿司匹林每天吃几片", "降压药和降脂药能一起吃吗",
                                  "胰岛素用量怎么调"])
def test_asking_how_to_take_a_drug_is_medical_advice(text):
    assert intent_of(text).intent == "out_of_scope"


def test_asking_whether_a_drug_is_paid_for_is_not_medical_advice_even_with_its_dose():
    assert intent_of("二甲双胍一天吃几片，医保能报销吗").intent == "policy"


def test_the_scope_topics_are_read_from_the_lexicon_file():
    from bot.understanding.intent import OUT_OF_SCOPE_TOPICS

    assert "公积金" in OUT_OF_SCOPE_TOPICS["其他社会保险或公积金"]


def test_medicine_asked_about_reimbursement_is_not_medical_advice():
    assert intent_of("糖尿病吃什么药能报销").intent == "policy"


def test_another_place_where_care_took_place_is_not_out_of_scope():
    assert intent_of("我在南京住院,医保能报吗").intent == "policy"


def test_another_place_with_a_city_chosen_is_not_out_of_scope():
    assert intent_of("上海的医院能报吗", city_given=True).intent == "policy"


@pytest.mark.parametrize("text", ["那二级医院呢?", "如果花了8万呢?", "我是学生", "那长春呢", "要是低保户呢"])
def test_fragments_that_only_change_a_condition_are_follow_ups(text):
    assert intent_of(text).intent == "follow_up"


def test_a_keyword_query_without_a_question_word_is_not_a_follow_up():
    assert intent_of("随州 长期护理保险 失能人员 待遇标准").intent == "policy"


def test_an_empty_message_is_a_greeting():
    assert intent_of("   ").intent == "greeting"


@pytest.mark.parametrize("framing", ["市民来电：", "坐席代问：", "来电人咨询：", "您好，想打听一下，"])
def test_a_framing_of_the_question_does_not_change_its_intent(framing):
    question = "随州门诊统筹一年能报多少钱"
    assert intent_of(framing + question).intent == intent_of(question).intent == "policy"


@pytest.mark.parametrize("name", ["农合", "新农合", "合作医疗", "农村合作医疗", "城镇居民医保"])
def test_every_name_residents_give_the_resident_scheme_is_in_the_domain(name):
    assert intent_of(f"{name}一年交多少").intent == "policy"


def test_the_resident_scheme_named_in_traditional_characters_is_in_the_domain():
    assert intent_of("新農合一年交多少").intent == "policy"


@pytest.mark.parametrize("text", ["惠民保能代替合作医疗吗", "工伤能走城镇居民医保报吗"])
def test_asking_whether_the_scheme_by_any_of_its_names_covers_an_outside_topic_is_not_declined(text):
    assert intent_of(text).intent != "out_of_scope"


@pytest.mark.parametrize("text", ["到了北京就诊能报吗", "在上海急诊抢救能报吗", "跑到杭州开药能报吗"])
def test_a_place_outside_the_cities_named_as_where_care_is_sought_is_not_declined(text):
    assert intent_of(text).intent == "policy"


def test_a_case_amount_in_full_width_digits_is_a_calculation():
    assert intent_of("住院花了３万能报多少").intent == "calculation"


@pytest.mark.parametrize("subject", ["我", "俺", "咱", "本人"])
def test_a_resident_stating_their_own_status_by_any_word_for_themselves_asks_for_their_case(subject):
    assert intent_of(f"{subject}是低保户，居民医保要交多少钱").intent == "calculation"


@pytest.mark.parametrize("name", ["起付线", "起付标准", "门槛费"])
def test_asking_the_deductible_by_any_of_its_names_with_a_cost_given_is_a_rule_question(name):
    assert intent_of(f"随州住院花了两万，{name}是多少").intent == "policy"


@pytest.mark.parametrize("word", ["咋", "为啥", "多久"])
def test_a_short_message_with_any_question_word_is_not_a_follow_up(word):
    assert intent_of(f"长治医保卡丢了{word}办").intent != "follow_up"


def test_a_note_with_case_amounts_ending_in_the_benefit_asked_about_is_a_calculation():
    assert intent_of("淮安普通居民｜三级医院住院合规费用8万｜咨询大病保险").intent == "calculation"


def test_a_note_ending_in_the_benefit_asked_about_without_amounts_is_a_policy_question():
    assert intent_of("淮安普通居民｜三级医院住院｜咨询大病保险").intent == "policy"


@pytest.mark.parametrize("text", ["随州哪家医院的儿科最好", "淮安哪个医生看糖尿病比较厉害", "长治哪所医院骨科专家有名"])
def test_which_hospital_or_doctor_is_good_with_a_department_between_is_out_of_scope(text):
    assert intent_of(text).intent == "out_of_scope"


@pytest.mark.parametrize("text", ["淮安哪家医院住院报得最多", "长春哪个医院能用医保刷卡好一点"])
def test_which_hospital_pays_more_under_the_scheme_is_a_policy_question(text):
    assert intent_of(text).intent == "policy"


@pytest.mark.parametrize("text", ["随州医保大厅周六上不上班", "淮安医保中心几点下班", "长春医保服务大厅地址在哪"])
def test_an_offices_opening_hours_or_address_are_out_of_scope(text):
    # no document of the corpus gives an office's hours or address
    assert intent_of(text).intent == "out_of_scope"


@pytest.mark.parametrize("text", ["周末去医院看急诊医保能报吗", "户籍地址变了要重新参保吗"])
def test_care_at_the_weekend_or_a_changed_address_is_a_policy_question(text):
    assert intent_of(text).intent == "policy"
