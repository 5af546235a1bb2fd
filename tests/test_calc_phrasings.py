"""Property: a case stated in several ways (another order, a negated distractor, Chinese units) parses to
exactly its inputs and gives the calculator's own result for them.

Each calculator gets random inputs and at least four phrasings; examples are bounded so the file runs
in seconds.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.answers.calc_bridge import calculator_for, prepare
from bot.understanding.normalize import normalize
from bot.understanding.slots import extract_slots
from calculators.registry import run

TODAY = dt.date(2026, 6, 1)
BOUNDED = settings(max_examples=30, deadline=None)


def understood(text: str) -> tuple[str, dict]:
    text = normalize(text)
    slots = extract_slots(text, TODAY)
    name = calculator_for(slots, text)
    assert name is not None, text
    request = prepare(name, slots, _city(text), TODAY, text=text)
    assert request.follow_up is None, (text, request.follow_up)
    return name, request.payload


def _city(text: str) -> str | None:
    return next((c for c in ("连云港", "淮安", "长春", "长治", "随州") if c in text), None)


def same_result(name: str, payload: dict, direct: dict) -> None:
    got, want = run(name, payload, TODAY).to_dict(), run(name, direct, TODAY).to_dict()
    assert got["total"] == want["total"]


# ------------------------------------------------------------------ inpatient

INPATIENT_PHRASINGS = (
    "{city}，在{level}医院住院，合规医疗费用{cost}元，统筹基金能报多少？",
    "合规费用{cost}元，是在{level}医院住的院，{city}参保，医保报多少？",
    "{city}居民（不是低保户，也不属于特困人员），{level}医院住院花了{cost}元，能报多少？",
    "我在{city}，{level}医院住院，政策范围内费用一共{cost}元，没有乙类，报销多少？",
)


@BOUNDED
@given(city=st.sampled_from(["连云港", "淮安", "随州"]), level=st.sampled_from(["一级", "二级", "三级"]),
       cost=st.integers(min_value=1000, max_value=300_000), phrasing=st.sampled_from(INPATIENT_PHRASINGS))
def test_an_inpatient_case_parses_to_its_inputs_in_every_phrasing(city, level, cost, phrasing):
    name, payload = understood(phrasing.format(city=city, level=level, cost=cost))
    assert name == "inpatient"
    assert (payload["city"], payload["level"], Decimal(payload["cost"])) == (city, level, Decimal(cost))
    assert "group" not in payload
    same_result(name, payload, {"city": city, "level": level, "cost": cost})


# ------------------------------------------------------------------ contribution

PEOPLE = {"成年居民": ("成年人", "adult"), "在校学生": ("中学生", "student"), "未成年居民": ("未成年人", "minor")}
CONTRIBUTION_PHRASINGS = (
    "{city}，我家孩子是{word}，2026年居民医保个人要交多少钱？",
    "2026年的医保要交多少？{city}的，{word}。",
    "{city}{word}（不是低保户），2026年度个人缴费多少？",
    "请问{word}在{city}交2026年医保要交多少钱",
)


@BOUNDED
@given(city=st.sampled_from(["连云港", "淮安"]), person=st.sampled_from(sorted(PEOPLE)),
       phrasing=st.sampled_from(CONTRIBUTION_PHRASINGS))
def test_a_contribution_question_parses_to_its_person_in_every_phrasing(city, person, phrasing):
    word, _ = PEOPLE[person]
    name, payload = understood(phrasing.format(city=city, word=word))
    assert name == "contribution"
    assert payload.get("groups", []) == []
    same_result(name, payload, {"city": city, "year": 2026, "person": person})


# ------------------------------------------------------------------ outpatient visits

VISIT_PHRASINGS = (
    "长春，在村卫生室看了{n}次门诊（不同日子），合规费用分别为{amounts}。门诊统筹报多少？",
    "门诊统筹能报多少？长春参保，村卫生室看病{n}次，每次花的：{amounts}。",
    "长春（不是低保户），村卫生室门诊{n}次，费用分别是{amounts}，能报多少",
    "我在长春村卫生室看了{n}次病，不是同一天，分别花了{amounts}，门诊报销多少？",
)


@BOUNDED
@given(costs=st.lists(st.integers(min_value=10, max_value=400), min_size=2, max_size=5),
       phrasing=st.sampled_from(VISIT_PHRASINGS))
def test_visits_listed_one_by_one_give_the_calculators_result_per_visit(costs, phrasing):
    text = phrasing.format(n=len(costs), amounts="、".join(f"{c}元" for c in costs))
    name, payload = understood(text)
    assert name == "outpatient_general"
    assert [Decimal(v["amount"]) for v in payload["visits"]] == [Decimal(c) for c in costs]
    direct = {"city": "长春", "visits": [{"date": dt.date(2026, 1, 1 + i), "facility": "村卫生室", "amount": c}
                                        for i, c in enumerate(costs)]}
    same_result(name, payload, direct)


# ------------------------------------------------------------------ deadlines

DEADLINE_PHRASINGS = (
    "淮安，宝宝{d:%Y年%-m月%-d日}出生，最晚哪天缴费能从出生就报？",
    "最迟什么时候要交？孩子{d:%Y年%-m月%-d日}在淮安出生的。",
    "淮安新生儿（不是低保户）{d:%Y年%-m月%-d日}出生，最晚哪一天以前参保缴费？",
    "我家小孩是{d:%Y年%-m月%-d日}生的，淮安的，截止到哪一天要交医保？",
)


@BOUNDED
@given(day=st.integers(min_value=0, max_value=240), phrasing=st.sampled_from(DEADLINE_PHRASINGS))
def test_a_newborn_deadline_is_the_birth_date_plus_the_quoted_window(day, phrasing):
    # 淮安: "新生儿在出生后 90 天内参保缴费的，从出生之日起享受基本医疗保险待遇"
    birth = dt.date(2026, 1, 1) + dt.timedelta(days=day)
    name, payload = understood(phrasing.format(d=birth))
    assert name == "waiting_period"
    assert (payload["status"], payload["event_date"]) == ("新生儿", birth.isoformat())
    result = run(name, payload, TODAY).to_dict()
    assert result["details"]["window_last_day"] == (birth + dt.timedelta(days=90)).isoformat()


# ------------------------------------------------------------------ 大病保险 and 医疗救助 on a burden

CRITICAL_PHRASINGS = (
    "{city}，住院经基本医保报销后个人负担{burden}元，大病保险能报多少？",
    "大病保险报多少？{city}的，基本医保报完自己负担了{burden}元。",
    "{city}普通居民（不是低保户，不属于特困人员），报销后个人负担{burden}元，大病保险能赔多少",
    "基本医保报销后自付{burden}元，在{city}参保，问大病保险支付多少",
)


@BOUNDED
@given(city=st.sampled_from(["连云港", "淮安", "长春", "长治", "随州"]),
       burden=st.integers(min_value=1000, max_value=500_000), phrasing=st.sampled_from(CRITICAL_PHRASINGS))
def test_a_critical_illness_burden_parses_to_its_inputs_in_every_phrasing(city, burden, phrasing):
    name, payload = understood(phrasing.format(city=city, burden=burden))
    assert name == "critical_illness"
    assert (Decimal(payload["burden"]), "group" not in payload) == (Decimal(burden), True)
    same_result(name, payload, {"city": city, "burden": burden})


ASSISTANCE_PHRASINGS = (
    "{city}低保对象，经基本医保、大病保险报销后个人自付{burden}元，医疗救助能给多少？",
    "医疗救助有多少？{city}的，自付{burden}元，我是低保户。",
    "{city}，我不是特困人员，是低保对象，报销后自付{burden}元，能救助多少",
    "报销后还自付{burden}元，低保户，{city}，医疗救助多少钱",
)


@BOUNDED
@given(city=st.sampled_from(["长治", "随州"]), burden=st.integers(min_value=500, max_value=200_000),
       phrasing=st.sampled_from(ASSISTANCE_PHRASINGS))
def test_an_assistance_case_parses_to_its_group_and_burden_in_every_phrasing(city, burden, phrasing):
    name, payload = understood(phrasing.format(city=city, burden=burden))
    assert name == "assistance"
    assert (payload["group"], Decimal(payload["burden"])) == ("低保对象", Decimal(burden))
    same_result(name, payload, {"city": city, "group": "低保对象", "burden": burden})


# ------------------------------------------------------------------ 两病 medicines

TWO_DISEASE_WORDS = {"高血压": "高血压", "糖尿病": "糖尿病", "高血压和糖尿病": "高血压和糖尿病都有"}
TWO_DISEASE_PHRASINGS = (
    "{city}，{word}，在{facility}开药，全年两病用药合规费用{amount}元，两病能报多少？",
    "两病用药报多少？{city}的，{word}，一年在{facility}拿药花了{amount}元。",
    "{city}两病患者（不是低保户，也没有冠心病），{word}，{facility}全年药费{amount}元，报销多少",
    "我在{city}，{facility}全年两病药费{amount}元，{word}，能报多少",
)


@BOUNDED
@given(city=st.sampled_from(["随州", "淮安"]), diseases=st.sampled_from(sorted(TWO_DISEASE_WORDS)),
       facility=st.sampled_from(["乡镇卫生院", "社区卫生服务中心", "村卫生室"]),
       amount=st.integers(min_value=50, max_value=6000), phrasing=st.sampled_from(TWO_DISEASE_PHRASINGS))
def test_a_two_diseases_case_parses_to_its_inputs_in_every_phrasing(city, diseases, facility, amount, phrasing):
    name, payload = understood(phrasing.format(city=city, word=TWO_DISEASE_WORDS[diseases], facility=facility,
                                               amount=amount))
    assert name == "two_diseases"
    assert (payload["diseases"], payload["facility"], Decimal(payload["amount"])) == (diseases, facility, Decimal(amount))
    same_result(name, payload, {"city": city, "diseases": diseases, "facility": facility, "amount": amount})


# ------------------------------------------------------------------ 门诊特殊病

CHRONIC_PHRASINGS = (
    "{city}门诊特殊病，病种是{disease}，{level}医院门诊，全年合规费用{amount}元，统筹报多少？",
    "统筹基金能报多少？{city}参保，门特病种{disease}，全年在{level}医院门诊花了合规费用{amount}元。",
    "{city}（不是低保户，也不是特困人员）门特患者，{disease}，在{level}医院门诊合规费用{amount}元，能报多少",
    "我在{city}，{level}医院门诊特殊病合规费用{amount}元，病种属于{disease}，统筹支付多少",
)


@BOUNDED
@given(disease=st.sampled_from(["严重精神障碍", "精神类疾病", "其他病种"]), level=st.sampled_from(["一级", "二级", "三级"]),
       amount=st.integers(min_value=500, max_value=60_000), phrasing=st.sampled_from(CHRONIC_PHRASINGS))
def test_a_special_disease_case_parses_to_its_inputs_in_every_phrasing(disease, level, amount, phrasing):
    name, payload = understood(phrasing.format(city="淮安", disease=disease, level=level, amount=amount))
    assert name == "chronic_disease"
    assert (payload["scheme"], payload["disease"], payload["level"], Decimal(payload["amount"])) == (
        "门诊特殊病", disease, level, Decimal(amount))
    same_result(name, payload, {"city": "淮安", "scheme": "门诊特殊病", "disease": disease, "level": level,
                                "amount": amount})


# ------------------------------------------------------------------ 长期照护

CARE_PHRASINGS = (
    "长春，{category}，在定点照护机构住了{days}天，每天费用{daily}元，长护险报多少？",
    "长护险能报多少？长春的，{category}，入住护理机构{days}天，每天费用{daily}元。",
    "长春（不是低保户，不属于特困人员）{category}老人，每天{daily}元，住了{days}天，照护保险报多少",
    "我家在长春，老人{category}，照护机构住了{days}天，一天{daily}元，长期护理保险能报多少",
)


@BOUNDED
@given(category=st.sampled_from(["重度失能", "中度失能"]), days=st.integers(min_value=1, max_value=90),
       daily=st.integers(min_value=20, max_value=400), phrasing=st.sampled_from(CARE_PHRASINGS))
def test_a_long_term_care_case_parses_to_its_inputs_in_every_phrasing(category, days, daily, phrasing):
    name, payload = understood(phrasing.format(category=category, days=days, daily=daily))
    assert name == "long_term_care"
    assert (payload["category"], payload["days"], Decimal(payload["daily_cost"])) == (category, days, Decimal(daily))
    same_result(name, payload, {"city": "长春", "category": category, "days": days, "daily_cost": daily})


# ------------------------------------------------------------------ 生育

DELIVERY_SAID = {"顺产": ("顺产", "自然分娩"), "剖腹产": ("剖腹产", "剖宫产")}
MATERNITY_PHRASINGS = (
    "长治，{said}，生育报销多少？",
    "生孩子{said}，长治的，生育能报多少",
    "长治（不是低保户，也不是特困人员），{said}生孩子，医保生育报多少",
    "我在长治参保，生育待遇怎么算：{said}，能报多少",
)


@BOUNDED
@given(delivery=st.sampled_from(sorted(DELIVERY_SAID)), synonym=st.integers(0, 1),
       phrasing=st.sampled_from(MATERNITY_PHRASINGS))
def test_a_delivery_parses_to_its_type_in_every_phrasing(delivery, synonym, phrasing):
    name, payload = understood(phrasing.format(said=DELIVERY_SAID[delivery][synonym]))
    assert name == "maternity"
    assert payload["delivery_type"] == delivery
    same_result(name, payload, {"city": "长治", "delivery_type": delivery})


# ------------------------------------------------------------------ 门诊意外伤害

ACCIDENT_PEOPLE = {"在校学生": "是小学生", "未成年居民": "10岁，还没上学"}
ACCIDENT_PHRASINGS = (
    "长春，孩子{said}，意外受伤门诊花了{amount}元，能报多少",
    "门诊外伤能报多少？长春的，孩子{said}，摔伤在门诊花了{amount}元。",
    "长春（不是低保户）的孩子{said}，意外伤害门诊费用{amount}元，报多少",
    "我家孩子在长春，摔伤了门诊花了{amount}元，孩子{said}，意外伤害门诊能报多少",
)


@BOUNDED
@given(person=st.sampled_from(sorted(ACCIDENT_PEOPLE)), amount=st.integers(min_value=50, max_value=9000),
       phrasing=st.sampled_from(ACCIDENT_PHRASINGS))
def test_an_outpatient_injury_parses_to_its_person_and_amount_in_every_phrasing(person, amount, phrasing):
    name, payload = understood(phrasing.format(said=ACCIDENT_PEOPLE[person], amount=amount))
    assert name == "outpatient_accident"
    assert (payload["person"], Decimal(payload["amount"])) == (person, Decimal(amount))
    same_result(name, payload, {"city": "长春", "person": person, "amount": amount})


# ------------------------------------------------------------------ one-stop settlement

SETTLEMENT_PHRASINGS = (
    "{city}，{group}，{level}医院住院，合规费用{cost}元，最后自己要付多少？",
    "最后自己掏多少？{city}参保，{group}，在{level}医院住院花了{cost}元。",
    "{city}{group}（不是特困人员，也不属于学生），{level}医院住院合规费用{cost}元，个人最后还要付多少",
    "我在{city}{level}医院住院，政策范围内费用{cost}元，{group}，自己最终负担多少",
)
SETTLEMENT_GROUPS = {"低保对象": "低保户", None: "普通居民"}


@BOUNDED
@given(city=st.sampled_from(["连云港", "淮安", "随州"]), level=st.sampled_from(["一级", "二级", "三级"]),
       group=st.sampled_from(["低保对象", None]), cost=st.integers(min_value=2000, max_value=400_000),
       phrasing=st.sampled_from(SETTLEMENT_PHRASINGS))
def test_a_final_share_question_parses_to_the_settlement_inputs_in_every_phrasing(city, level, group, cost, phrasing):
    name, payload = understood(phrasing.format(city=city, group=SETTLEMENT_GROUPS[group], level=level, cost=cost))
    assert name == "settlement"
    assert (payload["level"], Decimal(payload["cost"]), payload.get("group")) == (level, Decimal(cost), group)
    direct = {"city": city, "level": level, "cost": cost, "person": "成年居民", **({"group": group} if group else {})}
    same_result(name, payload, direct)


# ------------------------------------------------------------------ a household, member by member

HOUSEHOLD_PHRASINGS = (
    "{city}，爸爸是{g1}，报销后自付{b1}元，妈妈是{g2}，自付{b2}元，医疗救助一共多少？",
    "医疗救助一共能给多少？{city}的，爸爸是{g1}，妈妈是{g2}，住院报销后自付分别为：爸爸{b1}元、妈妈{b2}元。",
    "{city}，爸爸是{g1}（不是特困人员以外的其他人群），报销后自付{b1}元；妈妈是{g2}，报销后自付{b2}元。两人医疗救助合计多少",
    "我在{city}，妈妈是{g2}，报销后自付{b2}元，爸爸是{g1}，报销后自付{b1}元，医疗救助一共多少",
)
ASSISTED = {"低保对象": "低保户", "特困人员": "特困人员"}


@BOUNDED
@given(city=st.sampled_from(["长治", "随州"]), g1=st.sampled_from(sorted(ASSISTED)), g2=st.sampled_from(sorted(ASSISTED)),
       b1=st.integers(min_value=500, max_value=100_000), b2=st.integers(min_value=500, max_value=100_000),
       phrasing=st.sampled_from(HOUSEHOLD_PHRASINGS))
def test_a_household_with_an_amount_per_member_parses_member_by_member_in_every_phrasing(city, g1, g2, b1, b2, phrasing):
    name, payload = understood(phrasing.format(city=city, g1=ASSISTED[g1], g2=ASSISTED[g2], b1=b1, b2=b2))
    assert name == "assistance"
    got = {m["label"]: (m["inputs"]["group"], Decimal(m["inputs"]["burden"])) for m in payload["members"]}
    assert got == {"父亲": (g1, Decimal(b1)), "母亲": (g2, Decimal(b2))}
    direct = {"city": city, "calculator": "assistance", "members": [
        {"label": "父亲", "inputs": {"group": g1, "burden": b1}}, {"label": "母亲", "inputs": {"group": g2, "burden": b2}}]}
    same_result("household", payload, direct)


# ------------------------------------------------------------------ transition deadlines

TRANSITION_WORDS = {"退役军人": ("退役", "退伍"), "职工医保停保人员": ("失业，职工医保停了", "离职，职工医保停保")}
TRANSITION_PHRASINGS = (
    "连云港，我{d:%Y年%-m月%-d日}{said}，最晚哪天交居民医保？",
    "最迟什么时候要交居民医保？连云港的，{d:%Y年%-m月%-d日}{said}。",
    "连云港（不是低保户，也不是特困人员），{d:%Y年%-m月%-d日}{said}，最晚哪一天之前缴费",
    "我是连云港的，{d:%Y年%-m月%-d日}{said}了，居民医保截止到哪天要交？",
)


@BOUNDED
@given(status=st.sampled_from(sorted(TRANSITION_WORDS)), synonym=st.integers(0, 1),
       day=st.integers(min_value=0, max_value=200), phrasing=st.sampled_from(TRANSITION_PHRASINGS))
def test_a_transition_deadline_is_the_event_plus_the_quoted_window(status, synonym, day, phrasing):
    # 连云港: "自身份转换之日起90天内(含90天)参加居民医保并按规定缴费到账"
    event = dt.date(2026, 1, 1) + dt.timedelta(days=day)
    name, payload = understood(phrasing.format(d=event, said=TRANSITION_WORDS[status][synonym]))
    assert name == "waiting_period"
    assert (payload["status"], payload["event_date"]) == (status, event.isoformat())
    result = run(name, payload, TODAY).to_dict()
    assert result["details"]["window_last_day"] == (event + dt.timedelta(days=90)).isoformat()


# ------------------------------------------------------------------ chronic-disease visits

CHRONIC_VISIT_PHRASINGS = (
    "淮安门特，其他病种，{visits}，统筹一共报多少？",
    "统筹一共报多少？淮安门诊特殊病（其他病种），{visits}。",
    "淮安门特患者（不是严重精神障碍，也不属于精神类疾病），{visits}，能报多少",
    "{visits}，淮安门特其他病种，统筹基金一共支付多少",
)


@BOUNDED
@given(visits=st.lists(st.tuples(st.sampled_from(["一级", "二级", "三级"]), st.integers(min_value=100, max_value=9000)),
                       min_size=2, max_size=4),
       phrasing=st.sampled_from(CHRONIC_VISIT_PHRASINGS))
def test_chronic_visits_parse_to_their_levels_and_amounts_in_every_phrasing(visits, phrasing):
    said = "，".join(f"{i + 1}月{i + 3}日在{level}医院门诊花了{amount}元" for i, (level, amount) in enumerate(visits))
    name, payload = understood(phrasing.format(visits=said))
    assert name == "chronic_disease"
    assert [(v["level"], Decimal(v["amount"])) for v in payload["visits"]] == [(lv, Decimal(a)) for lv, a in visits]
    direct = {"city": "淮安", "scheme": "门诊特殊病", "disease": "其他病种",
              "visits": [{"date": dt.date(2026, i + 1, i + 3), "level": lv, "amount": a} for i, (lv, a) in enumerate(visits)]}
    same_result(name, payload, direct)


# ------------------------------------------------------------------ burdens of one year listed one by one

BURDENS_PHRASINGS = (
    "{city}，基本医保报销后个人负担合规费用：住院{b1}元+门诊慢特病{b2}元，大病保险能赔多少？",
    "大病保险能报多少？{city}参保，医保报过以后住院自付{b1}元，门诊特殊病自付{b2}元。",
    "{city}居民（不是低保户），统筹支付后自己还负担着住院{b1}元、门诊慢性病{b2}元，大病赔多少",
    "我在{city}，门诊慢特病报完自付{b2}元，住院报完自付{b1}元，大病保险给多少？",
)


@BOUNDED
@given(city=st.sampled_from(["连云港", "淮安", "随州"]), b1=st.integers(min_value=1000, max_value=150_000),
       b2=st.integers(min_value=1000, max_value=90_000), phrasing=st.sampled_from(BURDENS_PHRASINGS))
def test_burdens_listed_for_critical_illness_are_added_up_in_every_phrasing(city, b1, b2, phrasing):
    name, payload = understood(phrasing.format(city=city, b1=b1, b2=b2))
    assert name == "critical_illness"
    assert Decimal(payload["burden"]) == Decimal(b1 + b2)
    assert "group" not in payload
    same_result(name, payload, {"city": city, "burden": b1 + b2})


# ------------------------------------------------------------------ a rescue followed by admission

RESCUE_PHRASINGS = (
    "随州普通居民，在二级医院先急诊抢救（政策范围内{r}元），接着转成住院（政策范围内{s}元），基本医保一共报多少？",
    "基本医保报多少？随州，二级医院，先抢救花了{r}元，然后转为住院花了{s}元，都是合规费用。",
    "随州居民（不是低保户），突发急病在二级医院抢救{r}元，后来收住院{s}元，能报多少",
    "我在随州二级医院急救，政策范围内{r}元，转住院后政策范围内{s}元，统筹报多少？",
)


@BOUNDED
@given(r=st.integers(min_value=100, max_value=9000), s=st.integers(min_value=1000, max_value=120_000),
       phrasing=st.sampled_from(RESCUE_PHRASINGS))
def test_a_rescue_followed_by_admission_is_one_stay_in_every_phrasing(r, s, phrasing):
    name, payload = understood(phrasing.format(r=r, s=s))
    assert name == "inpatient"
    assert (Decimal(payload["emergency_before_stay"]), Decimal(payload["cost"]), payload["level"]) == (
        Decimal(r), Decimal(s), "二级")
    same_result(name, payload, {"city": "随州", "level": "二级", "cost": r + s})


# ------------------------------------------------------------------ a daily cost said by a per-day word

CARE_DAILY_PHRASINGS = (
    "长春 照护保险 院护 重度失能 居民 {days}天 日均{daily} 共报多少",
    "长春重度失能老人住照护机构{days}天，平均每天{daily}元，照护险能报多少？",
    "长春（不是中度失能）重度失能，入住照护机构{days}天，每天平均{daily}块，能报多少",
    "照护保险能报多少？长春的，重度失能，住了{days}天，一天平均{daily}元。",
)


@BOUNDED
@given(days=st.integers(min_value=2, max_value=90), daily=st.integers(min_value=20, max_value=300),
       phrasing=st.sampled_from(CARE_DAILY_PHRASINGS))
def test_a_daily_cost_said_by_a_per_day_word_parses_in_every_phrasing(days, daily, phrasing):
    name, payload = understood(phrasing.format(days=days, daily=daily))
    assert name == "long_term_care"
    assert (payload["days"], Decimal(payload["daily_cost"])) == (days, Decimal(daily))
    same_result(name, payload, {"city": "长春", "category": "重度失能", "days": days, "daily_cost": daily})


# ------------------------------------------------------------------ a list of members, the last one described

LIST_MEMBERS = ("我", "我老婆", "大舅", "小姨", "奶奶")
LIST_PHRASINGS = (
    "连云港2026年度，家里{n}口：{listed}、儿子读小学，一共交多少？",
    "一共交多少？连云港，2026年，家里{n}口人：{listed}、女儿上初中。",
    "连云港2026年 家里{n}口（都不是低保户）：{listed}、孙子读小学 全家个人缴费多少",
    "连云港 2026年度 我家{n}口人：{listed}和闺女读小学，个人缴费合计多少",
)


@BOUNDED
@given(members=st.lists(st.sampled_from(LIST_MEMBERS), min_size=1, max_size=4, unique=True),
       phrasing=st.sampled_from(LIST_PHRASINGS))
def test_a_description_after_a_list_of_members_prices_only_the_last_in_every_phrasing(members, phrasing):
    text = phrasing.format(n=len(members) + 1, listed="、".join(members))
    name, payload = understood(text)
    assert name == "contribution"
    persons = [m.get("person") for m in payload["members"]]
    assert persons[-1] == "在校学生" and all(p != "在校学生" for p in persons[:-1]), (text, persons)
    direct = {"city": "连云港", "year": 2026,
              "members": [*({"person": "成年居民"} for _ in members), {"person": "在校学生"}]}
    same_result(name, payload, direct)


# ------------------------------------------------------------------ a household's ages said after its members

AGES_PHRASINGS = (
    "{city}，家里三口人，我{a1}，老婆{a2}，儿子{a3}，2026年居民医保一共交多少？",
    "2026年医保全家交多少？{city}的，我、老婆、儿子三口人，分别{a1}、{a2}、{a3}岁。",
    "{city}，儿子{a3}岁，老婆{a2}岁，我{a1}岁（都不是低保户），2026年一家交多少",
    "{city}，家里有我、老婆和儿子，年龄分别是{a1}、{a2}、{a3}，2026年居民医保要交多少钱",
)


@BOUNDED
@given(city=st.sampled_from(["连云港", "淮安"]), a1=st.integers(min_value=20, max_value=59),
       a2=st.integers(min_value=20, max_value=59), a3=st.integers(min_value=1, max_value=17),
       phrasing=st.sampled_from(AGES_PHRASINGS))
def test_ages_said_after_the_members_give_each_member_their_age_in_every_phrasing(city, a1, a2, a3, phrasing):
    name, payload = understood(phrasing.format(city=city, a1=a1, a2=a2, a3=a3))
    assert name == "contribution"
    assert sorted(m["age"] for m in payload["members"]) == sorted([a1, a2, a3])
    assert all("groups" not in m for m in payload["members"])
    same_result(name, payload, {"city": city, "year": 2026, "members": [{"age": a1}, {"age": a2}, {"age": a3}]})


# ------------------------------------------------------------------ a type of diabetes priced apart

TYPE_ONE_WORDS = ("1型糖尿病", "一型糖尿病", "Ⅰ型糖尿病", "糖尿病（1型）")
TYPE_ONE_PHRASINGS = (
    "长治，孩子是{word}，两病门诊用药全年甲类药费{amount}元，能报多少？",
    "两病用药能报多少？长治的，{word}，一年门诊药费{amount}元。",
    "长治两病患者（不是高血压，也不是低保户），{word}，全年门诊药费{amount}元，报销多少",
    "我家孩子在长治，全年两病门诊药费{amount}元，{word}，能报多少",
)


@BOUNDED
@given(word=st.sampled_from(TYPE_ONE_WORDS), amount=st.integers(min_value=50, max_value=3000),
       phrasing=st.sampled_from(TYPE_ONE_PHRASINGS))
def test_type_one_diabetes_said_any_way_gives_its_type_in_every_phrasing(word, amount, phrasing):
    name, payload = understood(phrasing.format(word=word, amount=amount))
    assert name == "two_diseases"
    assert (payload["diseases"], payload["diabetes_type"], Decimal(payload["amount"])) == (
        "糖尿病", "Ⅰ型糖尿病", Decimal(amount))
    same_result(name, payload, {"city": "长治", "diseases": "糖尿病", "diabetes_type": "Ⅰ型糖尿病", "amount": amount})


# ------------------------------------------------------------------ 长春 dialysis as a 门诊特殊病

DIALYSIS_WORDS = ("血透", "洗肾", "血液透析", "透析")
DIALYSIS_PHRASINGS = (
    "长春，在二级医院门诊做{word}，全年合规费用{amount}元，能报多少？",
    "门诊能报多少？长春参保，{word}，二级医院门诊一年合规费用{amount}元。",
    "长春（不是低保户，也没走低自付），二级医院门诊{word}，全年合规费用{amount}元，统筹报多少",
    "我在长春二级医院门诊{word}，今年合规费用一共{amount}元，能报销多少",
)


@BOUNDED
@given(word=st.sampled_from(DIALYSIS_WORDS), amount=st.integers(min_value=1000, max_value=150_000),
       phrasing=st.sampled_from(DIALYSIS_PHRASINGS))
def test_a_dialysis_outpatient_cost_in_changchun_is_its_special_disease_in_every_phrasing(word, amount, phrasing):
    text = normalize(phrasing.format(word=word, amount=amount))
    slots = extract_slots(text, TODAY)
    request = prepare(calculator_for(slots, text) or "", slots, "长春", TODAY, text=text)  # priced as prepared
    name, payload = request.name, request.payload
    assert request.follow_up is None and name == "chronic_disease"
    assert (payload["scheme"], payload["disease"], payload["level"], Decimal(payload["amount"])) == (
        "门诊特殊病", "肾功能不全透析治疗", "二级", Decimal(amount))
    same_result(name, payload, {"city": "长春", "scheme": "门诊特殊病", "disease": "肾功能不全透析治疗",
                                "level": "二级", "amount": amount})


# ------------------------------------------------------------------ amounts grouped by thousands

GROUPED_PHRASINGS = (
    "{city}，在{level}医院住院，合规医疗费用{grouped}元，统筹基金能报多少？",
    "合规费用{grouped_cn}元，是在{level}医院住的院，{city}参保，医保报多少？",
    "{city}居民（不是低保户），{level}医院住院花了{grouped}.00元，能报多少？",
    "我在{city}，{level}医院住院，政策范围内费用一共{grouped_cn}元，没有乙类，报销多少？",
)


@BOUNDED
@given(city=st.sampled_from(["连云港", "淮安", "随州"]), level=st.sampled_from(["一级", "二级", "三级"]),
       cost=st.integers(min_value=1000, max_value=300_000), phrasing=st.sampled_from(GROUPED_PHRASINGS))
def test_an_amount_grouped_by_thousands_parses_to_its_value_in_every_phrasing(city, level, cost, phrasing):
    grouped = f"{cost:,}"
    name, payload = understood(phrasing.format(city=city, level=level, grouped=grouped,
                                               grouped_cn=grouped.replace(",", "，")))
    assert name == "inpatient"
    assert (payload["level"], Decimal(payload["cost"])) == (level, Decimal(cost))
    same_result(name, payload, {"city": city, "level": level, "cost": cost})
