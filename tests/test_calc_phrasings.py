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
BOUNDED = settings(max_examples=15, deadline=None)


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
