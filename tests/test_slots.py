"""bot.understanding.slots: each synonym, negation, amounts, dates and households, one behaviour per test."""

import datetime as dt
from decimal import Decimal

import pytest

from bot.understanding.slots import extract_slots

TODAY = dt.date(2026, 5, 10)


def slots(text):
    return extract_slots(text, TODAY)


# --- hospital level, grade, tier, facility


@pytest.mark.parametrize(
    ("text", "level", "grade", "tier", "facility"),
    [
        ("在三级医院住院", "三级", None, None, None),
        ("住三甲", "三级", "甲等", None, None),
        ("三级甲等医院", "三级", "甲等", None, None),
        ("二甲医院", "二级", "甲等", None, None),
        ("二级医院", "二级", None, None, None),
        ("1级医院", "一级", None, None, None),
        ("市级医院", None, None, "市级", None),
        ("省级医院", None, None, "省级", None),
        ("三级(省级)医院", "三级", None, "省级", None),
        ("三级市级医院", "三级", None, "市级", None),
        ("县医院", None, None, "县区级", None),
        ("县人民医院", None, None, "县区级", None),
        ("南关区医院", None, None, "县区级", None),
        ("社区卫生服务中心", "一级", None, None, "社区卫生服务中心"),
        ("乡镇卫生院", "一级", None, None, "乡镇卫生院"),
        ("卫生院", "一级", None, None, "乡镇卫生院"),
        ("村卫生室", "一级", None, None, "村卫生室"),
        ("诊所", "一级", None, None, "诊所"),
    ],
)
def test_each_hospital_word_gives_its_level_grade_tier_and_facility(text, level, grade, tier, facility):
    s = slots(text)
    assert (s.level, s.grade, s.tier, s.facility) == (level, grade, tier, facility)


def test_a_disability_grade_is_not_a_hospital_level():
    s = slots("我是二级残疾人")
    assert (s.level, s.disability_grade, s.groups) == (None, "二级", ["残疾人"])


def test_metformin_is_not_a_hospital_grade():
    assert slots("吃二甲双胍").level is None


# --- person


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("我是成年人", "adult"), ("大人住院", "adult"), ("成人", "adult"),
        ("未成年", "minor"), ("孩子住院", "minor"), ("小孩", "minor"), ("儿子6岁", "minor"), ("女儿6岁", "minor"),
        ("学生", "student"), ("还在上学", "student"), ("高二", "student"), ("读初中", "student"),
        ("大学生", "college_student"), ("在读大学", "college_student"),
        ("老人", "elderly"), ("我爸", "elderly"), ("我妈", "elderly"), ("70岁", "elderly"),
        ("新生儿", "newborn"), ("刚出生的宝宝", "newborn"),
        ("35岁", "adult"),
    ],
)
def test_each_person_word_gives_its_kind(text, person):
    assert slots(text).person == person


def test_a_daughter_without_an_age_is_not_assumed_a_minor():
    assert slots("我女儿住院").person is None


def test_a_negated_student_is_not_a_student():
    assert slots("他是成年人不是学生").person == "adult"


def test_not_yet_at_school_is_a_minor_not_a_student():
    assert slots("我家孩子6岁,还没上学").person == "minor"


def test_the_age_is_kept():
    assert slots("我家老人88岁").age == 88


def test_person_type_maps_to_the_calculators_vocabulary():
    assert [slots(t).person_type() for t in ("老人", "大学生", "新生儿", "成年人")] == [
        "成年居民", "在校学生", "未成年居民", "成年居民"
    ]


# --- groups


@pytest.mark.parametrize(
    ("text", "groups"),
    [
        ("低保户", ["低保对象"]),
        ("特困供养人员", ["特困人员"]),
        ("五保", ["特困人员"]),
        ("低保边缘家庭", ["低保边缘家庭成员"]),
        ("脱贫人口", ["脱贫人口"]),
        ("原建档立卡户", ["脱贫人口"]),
        ("脱贫不稳定人口", ["监测对象"]),
        ("易返贫致贫人口", ["易返贫致贫人口"]),
        ("优抚对象", ["优抚对象"]),
        ("医疗救助对象", ["医疗救助对象"]),
        ("孤儿", ["孤儿"]),
        ("丧失劳动能力的残疾人", ["丧失劳动能力", "残疾人"]),
    ],
)
def test_each_group_word_gives_its_canonical_group(text, groups):
    assert slots(text).groups == groups


def test_negated_groups_are_left_out():
    assert slots("普通居民,不是特困、低保").groups == []
    assert slots("普通居民,非特困低保").groups == []


def test_a_group_name_is_not_read_as_the_assistance_benefit():
    assert slots("已被认定为医疗救助对象,大病保险能报多少").benefit == "critical_illness"


# --- amounts


def test_one_amount_is_the_amount():
    s = slots("住院花了3万")
    assert (s.amount, s.amounts, s.amount_basis) == (Decimal(30000), [Decimal(30000)], "total")


def test_class_a_and_b_amounts_sum_to_the_amount():
    s = slots("甲类1.2万元、乙类0.6万元")
    assert (s.amount, s.class_a, s.class_b) == (Decimal(18000), Decimal(12000), Decimal(6000))


def test_all_class_a_sets_class_a_to_the_amount():
    s = slots("费用400元,全部为甲类药品")
    assert (s.amount, s.class_a, s.class_b) == (Decimal(400), Decimal(400), None)


def test_two_unmarked_amounts_leave_the_amount_to_be_asked():
    s = slots("一般诊疗费共80元、其余合规门诊费共520元")
    assert (s.amount, s.amounts) == (None, [Decimal(80), Decimal(520)])


def test_band_limits_are_not_case_amounts():
    s = slots("大病保险6万到10万那一段报多少?10万以上的部分呢?")
    assert (s.amount, s.amounts) == (None, [])


def test_an_amount_after_reimbursement_is_self_pay():
    assert slots("基本医保报销后个人负担累计20万元").amount_basis == "self_pay"


def test_a_daily_amount_and_the_days():
    s = slots("住了31天,每天费用130元")
    assert (s.amount, s.amount_per, s.days) == (Decimal(130), "day", 31)


def test_a_per_visit_amount_and_the_visits():
    s = slots("普通门诊就诊10次,每次政策范围内费用120元")
    assert (s.amount, s.amount_per, s.visits) == (Decimal(120), "visit", 10)


def test_a_contribution_paid_is_not_a_cost():
    assert slots("我交了380元").amounts == []


def test_this_part_is_not_one_yuan():
    assert slots("大病保险这一块能再报多少元").amounts == []


# --- dates


def test_dates_take_their_role_from_the_words_around_them():
    s = slots("2026年3月1日身份转换,2026年4月20日缴纳2026年度居民医保费")
    assert (s.dates.status_change, s.dates.payment, s.dates.year) == (
        dt.date(2026, 3, 1), dt.date(2026, 4, 20), 2026
    )


def test_birth_and_visit_dates():
    s = slots("2026年4月2日出生,2026年4月5日住院")
    assert (s.dates.birth, s.dates.visit) == (dt.date(2026, 4, 2), dt.date(2026, 4, 5))


def test_this_year_is_the_year_of_today():
    assert slots("今年住院").dates.year == 2026


def test_last_year_is_the_year_before_today():
    assert slots("去年交的").dates.year == 2025


def test_a_date_without_a_role_is_kept_as_other():
    assert slots("2026年5月1日怎么办").dates.other == [dt.date(2026, 5, 1)]


# --- benefit


@pytest.mark.parametrize(
    ("text", "benefit"),
    [
        ("住院", "inpatient"), ("大病保险", "critical_illness"), ("二次报销", "critical_illness"),
        ("普通门诊", "outpatient"), ("两病", "two_diseases"), ("高血压拿药", "two_diseases"),
        ("门诊慢特病", "chronic_disease"), ("慢性病", "chronic_disease"), ("要交多少", "contribution"),
        ("什么时候能用", "waiting_period"), ("等待期", "waiting_period"), ("医疗救助", "assistance"),
        ("照护保险", "long_term_care"), ("失能", "long_term_care"), ("生孩子", "maternity"),
        ("剖腹产", "maternity"), ("直接结算", "settlement"),
    ],
)
def test_each_benefit_word_gives_its_benefit(text, benefit):
    assert slots(text).benefit == benefit


def test_the_benefit_asked_about_wins_over_one_mentioned_before():
    s = slots("经基本医保、大病保险报销后自付2万元。请问医疗救助能给多少元?")
    assert (s.benefit, s.benefits) == ("assistance", ["critical_illness", "assistance"])


def test_excluded_benefits_are_not_said():
    assert slots("只算统筹基金(不含大病保险、医疗救助),住院").benefits == ["inpatient"]


def test_hypertension_in_hospital_is_not_the_two_diseases_benefit():
    s = slots("高血压住院")
    assert (s.benefit, s.diseases) == ("inpatient", ["高血压"])


# --- out of area, emergency, family doctor, diseases


@pytest.mark.parametrize(
    ("text", "area"),
    [("外省", "省外"), ("跨省", "省外"), ("省内异地", "省内"), ("江苏省内别的市", "省内"), ("异地", "异地"),
     ("外地", "异地"), ("本地", "本地"), ("统筹区内", "本地")],
)
def test_each_place_word_gives_its_area(text, area):
    assert slots(text).out_of_area == area


def test_no_filing_is_read_through_its_negation():
    s = slots("事先没有办任何异地就医备案")
    assert (s.filing, s.out_of_area) == ("未备案", None)  # the 异地 under the negation says no place


def test_a_filing_made_is_read():
    assert slots("办了异地长期居住备案").filing == "已备案"


def test_a_referral_is_the_referral_kind():
    assert slots("转诊到省里的医院").out_of_area_kind == "转诊转院"


def test_emergency_said_and_denied():
    assert slots("突发急病抢救").emergency is True
    assert slots("(不是急诊抢救)").emergency is False


def test_care_area_combines_the_out_of_area_slots():
    assert slots("外省旅游,没备案").care_area() == "未备案"
    assert slots("在外地急诊抢救").care_area() == "异地急诊"
    assert slots("省内异地").care_area() == "省内异地"


def test_family_doctor_signed_and_not():
    assert slots("签了家庭医生").family_doctor is True
    assert slots("未纳入家庭医生签约管理").family_doctor is False
    assert slots("家庭医生是什么").family_doctor is None


def test_special_and_ordinary_diseases():
    s = slots("老伴有肺结核和糖尿病,没有高血压")
    assert (s.special_diseases, s.diseases) == (["肺结核"], ["糖尿病"])


# --- households


def test_a_listed_household_gets_its_members():
    s = slots("我们家五口人:爷爷是优抚对象,奶奶和我们夫妻俩都是普通成年居民,女儿5岁在上幼儿园。")
    members = [(m.relation, m.person, m.age, m.groups) for m in s.household]
    assert members == [
        ("爷爷", "elderly", None, ["优抚对象"]),
        ("奶奶", "adult", None, []),
        ("本人", "adult", None, []),
        ("配偶", "adult", None, []),
        ("女儿", "minor", 5, []),
    ]
    assert s.household_size == 5


def test_whole_family_groups_apply_to_every_member():
    s = slots("我们家三口人:我是丧失劳动能力的二级残疾人,全家同时都是脱贫不稳定人口;我爱人和女儿只属于脱贫不稳定人口。")
    members = [(m.relation, m.groups, m.disability_grade) for m in s.household]
    assert members == [
        ("本人", ["丧失劳动能力", "残疾人", "监测对象"], "二级"),
        ("配偶", ["监测对象"], None),
        ("女儿", ["监测对象"], None),
    ]


def test_counted_members_are_each_a_member_of_their_kind():
    s = slots("我家4口人交2026年医保,两个大人,一个上初中的,一个上幼儿园的,一共多少钱")
    members = [(m.relation, m.person, m.age) for m in s.household]
    assert members == [
        ("成年人", "adult", None),
        ("成年人", "adult", None),
        ("学生", "student", None),
        ("孩子", "minor", None),
    ]


def test_a_counted_relation_gives_that_many_members_after_the_couple():
    s = slots("我们夫妻俩和两个孩子在淮安交医保要多少钱")
    assert [(m.relation, m.person) for m in s.household] == [
        ("本人", None), ("配偶", None), ("孩子", "minor"), ("孩子", "minor"),
    ]


def test_a_counted_member_keeps_the_age_said_with_it():
    s = slots("我和老婆,还有一个12岁的孩子,淮安交医保多少")
    assert [(m.relation, m.age) for m in s.household] == [("本人", None), ("配偶", None), ("孩子", 12)]


def test_a_later_clause_about_counted_members_sets_their_kind():
    s = slots("我们夫妻俩和两个孩子,孩子都在上小学")
    assert [m.person for m in s.household if m.relation == "孩子"] == ["student", "student"]


def test_groups_said_with_counted_members_apply_to_each():
    s = slots("两个孩子都是低保,连云港交医保多少")
    assert [(m.relation, m.groups) for m in s.household] == [("孩子", ["低保对象"]), ("孩子", ["低保对象"])]


def test_a_count_without_a_person_word_is_no_member():
    assert slots("住了一个月院,两个人都花了3万").household == []


def test_one_counted_member_alone_is_not_a_household():
    s = slots("一个大学生交多少")
    assert (s.person, s.household) == ("college_student", [])


def test_an_old_couple_is_the_resident_and_spouse_both_elderly():
    s = slots("老两口在长春交医保一共多少钱")
    assert [(m.relation, m.person) for m in s.household] == [("本人", "elderly"), ("配偶", "elderly")]


def test_an_old_couple_beside_parents_describes_the_parents():
    s = slots("我爸妈老两口在长春交医保")
    assert [(m.relation, m.person) for m in s.household] == [("父亲", "elderly"), ("母亲", "elderly")]


def test_one_relative_is_not_a_household():
    assert slots("我妈住院花了2万").household == []


def test_giving_birth_names_no_child():
    s = slots("我媳妇打算回娘家生孩子")
    assert (s.person, s.household) == (None, [])


@pytest.mark.parametrize("text", ["交医保要多少钱", "在长治交居民医保", "交2026年的医保", "缴纳城乡居民医保"])
def test_paying_the_insurance_names_the_contribution(text):
    assert slots(text).benefits == ["contribution"]


@pytest.mark.parametrize("text", ["2026年5月8日交的医保费到账了 多久能报销", "3月2日补缴的,多长时间能报",
                                  "孩子3月2日出生,多久生效"])
def test_asking_how_long_after_a_payment_or_birth_date_is_the_waiting_period(text):
    assert slots(text).benefit == "waiting_period"


def test_asking_how_long_until_it_pays_without_a_date_names_no_waiting_period():
    assert slots("出院后多久能报销").benefits == ["inpatient"]


def test_nothing_said_fills_nothing():
    assert slots("医保怎么报销").filled() == {}


@pytest.mark.parametrize("text", ["没办转院审批", "未经转诊审批", "没走转诊手续", "没开转院单"])
def test_a_referral_formality_not_done_is_no_filing(text):
    # 长治: "未办理转院审批手续的，大病保险报销比例同时降低10%"
    assert slots(f"{text}去省里住院").filing == "未备案"


def test_a_referral_approval_done_is_a_filing():
    assert slots("办了转院审批去北京住院").filing == "已备案"


@pytest.mark.parametrize("text", ["没有备案去外地住院花了2万", "没办审批就住院了花了2万", "没走转诊手续然后住院花了2万"])
def test_a_stay_after_a_negated_formality_is_still_a_stay(text):
    s = slots(text)
    assert (s.benefit, s.filing, s.amount) == ("inpatient", "未备案", Decimal("20000"))


@pytest.mark.parametrize("text", ["没有住院", "没再住院", "没去住院"])
def test_a_stay_right_after_the_negation_is_negated(text):
    assert slots(text).benefit is None
