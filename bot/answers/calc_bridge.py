"""From what a resident said (slots) to a calculator's inputs, and the question to ask when one is missing.

The calculators validate their own inputs and raise `InputError` naming the field that is missing
or wrong, with the accepted values; this module turns that into one short follow-up question
whose choices the page shows as buttons.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from bot.answers.model import FollowUp
from bot.understanding.numbers import extract_dates, extract_numbers, parse_number
from bot.understanding.slots import (
    CALC_WORDS,
    DISEASE_LEXICON,
    DISEASE_WORDS,
    PER_VISIT,
    PER_VISIT_RE,
    PERSON_TYPE_OF,
    PERSONAL_SHARE_RE,
    SPECIAL_DISEASE_WORDS,
    STAY_NAMES,
    STAY_WORD,
    VISIT_ITEM,
    Slots,
    ages_said,
    case_amounts,
    disease_of,
    disease_words_for,
    facility_mentions,
    members_named_with,
    negated,
    stay_count,
)
from calculators.contributions import GROUP_ALIASES, GROUPS, rules_for_year
from calculators.errors import InputError
from calculators.inpatient import load_rules as inpatient_rules
from calculators.registry import accepted_values, get_calculator, parse_inputs
from calculators.rules import load_city_rules
from corpus.catalogue import CITIES
from ingest.lexicon import load_everyday_words

# The calculator for each benefit the slots name.
CALCULATOR_OF_BENEFIT: dict[str, str] = {
    "inpatient": "inpatient",
    "critical_illness": "critical_illness",
    "outpatient": "outpatient_general",
    "two_diseases": "two_diseases",
    "chronic_disease": "chronic_disease",
    "contribution": "contribution",
    "waiting_period": "waiting_period",
    "assistance": "assistance",
    "long_term_care": "long_term_care",
    "maternity": "maternity",
    "settlement": "settlement",
}
BENEFIT_CHOICES: dict[str, str] = {
    "住院": "inpatient", "大病保险": "critical_illness", "普通门诊": "outpatient", "两病用药": "two_diseases",
    "门诊慢特病": "chronic_disease", "个人缴费": "contribution", "待遇开始时间": "waiting_period",
    "医疗救助": "assistance",
}

# Short questions for the inputs residents most often leave out.
PROMPTS: dict[str, str] = {
    "city": "请问您在哪个城市参保？",
    "level": "请问是在哪一级医院？",
    "tier": "请问这家医院属于哪一级管理（省级、市级还是县区级）？",
    "grade": "请问这家医院是甲等还是乙等？",
    "person": "请问参保人是哪一类？",
    "cost": "请问政策范围内（合规）的医疗费用大约是多少元？",
    "burden": "请问经基本医保报销后，个人负担的合规费用累计是多少元？",
    "amount": "请问合规费用大约是多少元？",
    "compliant_amount": "请问全年门诊合规费用大约是多少元？",
    "group": "请问属于哪一类人员？",
    "payment_date": "请问是哪一天缴费到账的？（例如：2026年7月15日）",
    "diseases": "请问是高血压、糖尿病，还是两种都有？",
    "benefit": "请问您想算哪一项？",
    "category": "请问失能等级是哪一种？",
    "days": "请问一共多少天？",
    "daily_cost": "请问每天的费用是多少元？",
}

GROUP_OF_SLOT = {  # slot group words that the calculators name differently
    "脱贫不稳定": "脱贫不稳定人口",
}


@dataclass
class CalcRequest:
    """A calculator to run with its payload, or the follow-up question to ask first."""

    name: str
    payload: dict[str, Any]
    follow_up: FollowUp | None = None
    assumptions: list[str] | None = None




# An outpatient visit for an injury (门诊外伤): the accidental-injury outpatient benefit.
INJURY_RE = re.compile(
    r"外伤|意外伤害|意外受伤|受伤|摔伤|摔倒|摔了|摔跤|跌倒|跌伤|磕伤|磕破|碰伤|撞伤|扭伤|崴了|划伤|割伤|烫伤|烧伤|骨折"
    r"|被狗咬|狗咬|被猫抓"
)


def calculator_for(slots: Slots, text: str = "") -> str | None:
    """The calculator for the benefit the slots name; `text` (the normalised message) tells a question
    about the resident's final share of a hospital bill, which the one-stop settlement answers, and an
    outpatient visit for an injury."""
    if _fixed_scheme(text):
        return "fixed_payment"  # 走的低自付, 住舒缓疗护: one fixed personal payment a year, whatever the bill
    if _asks_final_share(slots, text) or _asks_basic_and_critical(slots):
        return "settlement"
    if slots.benefit == "outpatient" and INJURY_RE.search(text):
        return "outpatient_accident"
    if slots.benefit in (None, "outpatient", "chronic_disease") and _special_drug(slots, text):
        return "special_drugs"
    if slots.benefit is None and _emergency_rescue(slots, text):
        return "inpatient"  # the calculator applies the city's rule for a rescue not followed by a stay
    if slots.benefit and slots.benefit in CALCULATOR_OF_BENEFIT:
        return CALCULATOR_OF_BENEFIT[slots.benefit]
    return None


# The fixed-payment schemes by the words that name them (calc_words.txt), as the rules name them.
FIXED_SCHEME_WORDS = {"重特大疾病低自付": CALC_WORDS["fixed_low_copay"], "舒缓疗护": CALC_WORDS["fixed_hospice"],
                      "区属公立医院定额治疗": CALC_WORDS["fixed_district"]}
# the treatment a fixed payment is for, by every word of it (洗肾, 血透: diseases.txt treatment.透析)
FIXED_TREATMENT_WORDS = {"血液透析": DISEASE_LEXICON["treatment.透析"]}


def _fixed_scheme(text: str) -> str | None:
    """The one fixed-payment scheme the message names (not under a negation), or None."""
    said = [scheme for scheme, words in FIXED_SCHEME_WORDS.items() if _said_any(words, text)]
    return said[0] if len(said) == 1 else None


def _fixed_scheme_of_hospital(city: str, on: Any, text: str) -> str | None:
    """The one fixed-payment scheme of the city's rules in force whose named hospitals the message names
    (南关区医院, or its other name 民康医院, for 长春's 区属公立医院定额治疗), or None."""
    from calculators.fixed_payment import SECTION, FixedPaymentRules

    day = dt.date.fromisoformat(on) if isinstance(on, str) else on
    try:
        rules = load_city_rules(city).in_force(SECTION, day, FixedPaymentRules)
    except (InputError, KeyError, ValueError):
        return None
    said = [scheme for scheme, terms in rules.schemes.items() if terms.hospitals is not None
            and any(_said_any(_hospital_names(h), text) for h in terms.hospitals.value)]
    return said[0] if len(said) == 1 else None


def _hospital_names(listed: str) -> tuple[str, ...]:
    """A hospital's names as a document lists it: 南关区医院（民康医院） -> 南关区医院, 民康医院."""
    head, _, rest = listed.replace("(", "（").partition("（")
    return tuple(n for n in (head, rest.rstrip("）)")) if len(n) >= 3)


# An emergency rescue (急诊抢救, 急救) that was not followed by a hospital stay.
RESCUE_RE = re.compile(r"抢救|急救")
# The stay a rescue turned into (转成住院, 转为住院, 收住院, 接着住院).
# The stay by any of its words (住院, and the typos residents send for it: 收住阮了).
STAY_AFTER_RESCUE_RE = re.compile(
    r"转(?:成|为|入|了|的|到)?" + STAY_WORD + r"|收(?:治)?" + STAY_WORD
    + r"|收入院|住进|(?:紧?接着|然后|再|随后|随即|之后|后来|后面)(?:又|就)?(?:住(?:了)?院|" + STAY_WORD + ")"
)


def _rescue_then_stay(slots: Slots, text: str) -> tuple[Decimal, Decimal] | None:
    """Two amounts, the first said with an emergency rescue and the second with the stay it turned into
    (先抢救（政策范围内1500元），接着转成住院（12000元）): (rescue cost, stay cost), else None."""
    if not slots.emergency or slots.amount is not None or len(slots.amounts) != 2:
        return None
    first, second = case_amounts(text)[:2] if len(case_amounts(text)) == 2 else (None, None)
    if first is None or second is None:
        return None
    rescue = [m for m in RESCUE_RE.finditer(text, 0, first.start) if not negated(text, m.start())]
    stay = [m for m in STAY_AFTER_RESCUE_RE.finditer(text, first.end, second.start) if not negated(text, m.start())]
    if rescue and stay:
        return first.value, second.value
    # each amount named by its part (急诊合规800 住院合规9400, 住院花了9400、急诊花了800) in a message that
    # says the rescue turned into the stay (急诊抢救后转住院)
    if not any(not negated(text, m.start()) for m in STAY_AFTER_RESCUE_RE.finditer(text)):
        return None
    parts = [_part_named(text, q) for q in (first, second)]
    if parts == ["rescue", "stay"]:
        return first.value, second.value
    if parts == ["stay", "rescue"]:
        return second.value, first.value
    return None


# The part of an emergency admission an amount is named by, in the words of its clause before it.
RESCUE_PART_RE = re.compile(r"急诊|抢救|急救")
STAY_PART_RE = re.compile(STAY_WORD)


def _part_named(text: str, q: Any) -> str | None:
    """"rescue" or "stay" when the words of the amount's clause before it name just that part."""
    before = text[_clause_begin_or_space(text, q.start):q.start]
    rescue, stay = RESCUE_PART_RE.search(before), STAY_PART_RE.search(before)
    if rescue and not stay:
        return "rescue"
    if stay and not rescue:
        return "stay"
    return None


def _clause_begin_or_space(text: str, pos: int) -> int:
    """Where the phrase holding `pos` starts: after the last clause mark or space before it."""
    breaks = [m.end() for m in re.finditer(r"[，,。;；:：()（）|｜\s、]", text[:pos])]
    return breaks[-1] if breaks else 0


def _emergency_rescue(slots: Slots, text: str) -> bool:
    return (bool(slots.emergency) and slots.amount is not None and "inpatient" not in slots.benefits
            and any(not negated(text, m.start()) for m in RESCUE_RE.finditer(text)))


# Outpatient costs assisted on their own (门诊救助): 门诊特药, or a chronic-disease benefit.
SPECIAL_DRUG_RE = re.compile(r"门诊特药|特药|特殊药品|单独支付药品|单独支付的药|单独支付药")
# 长春's two special-drug lists by their size (88种特药, 10种特药).
DRUG_LIST_RE = {"88种特药": re.compile(r"(?:88|八十八)种"), "10种特药": re.compile(r"(?<!\d)(?:10|十)种")}
FOR_SPECIAL_DISEASE_RE = re.compile(r"纳入特殊疾病支付|按特殊疾病支付|按病种报销")


def _special_drug(slots: Slots, text: str) -> bool:
    """An outpatient special-drug cost (门诊特药, 单独支付药品) with its amount."""
    return slots.amount is not None and "inpatient" not in slots.benefits and any(
        not negated(text, m.start()) for m in SPECIAL_DRUG_RE.finditer(text))


def _outpatient_assistance(slots: Slots, text: str) -> str | None:
    """门诊慢性病救助 / 门诊特药救助 when the cost left is an outpatient one (no hospital stay said)."""
    if "inpatient" in slots.benefits:
        return None
    if any(not negated(text, m.start()) for m in SPECIAL_DRUG_RE.finditer(text)):
        return "门诊特药救助"
    if "chronic_disease" in slots.benefits:
        return "门诊慢性病救助"
    return None


def _asks_basic_and_critical(slots: Slots) -> bool:
    """A hospital bill's total cost with a question about 大病保险 on top of the basic scheme (together, or
    what 大病保险 adds after it): the settlement chain computes both from the cost."""
    return (slots.asked in ("combined", "critical_illness") and "inpatient" in slots.benefits
            and slots.amount is not None and slots.amount_basis != "self_pay")


def _asks_final_share(slots: Slots, text: str) -> bool:
    """A question for what the resident pays in the end (最后自己要付多少, 个人还得掏多少钱) about a hospital
    stay's cost: the one-stop settlement answers it (basic scheme, then 大病保险, then assistance)."""
    return ("inpatient" in slots.benefits and slots.amount is not None and slots.amount_basis != "self_pay"
            and PERSONAL_SHARE_RE.search(text) is not None)


def build_payload(name: str, slots: Slots, city: str, today: dt.date,
                  text: str = "") -> tuple[dict[str, Any], list[str]]:
    """The calculator's inputs from the slots (only what the resident said), and the assumptions made."""
    p: dict[str, Any] = {"city": city}
    assumptions: list[str] = []
    year = slots.dates.year
    visit = slots.dates.visit
    if visit:
        p["date"] = visit.isoformat()
    elif year and year != today.year:
        # another year's rules: those in force at the end of a past year, at the start of a future one
        p["date"] = (dt.date(year, 12, 31) if year < today.year else dt.date(year, 1, 1)).isoformat()
    group = _group(slots)
    person = slots.person_type()
    total = _total(slots)
    if name in ("inpatient", "settlement"):
        if slots.level is None:
            _put(p, **_hospital_class_named(city, text, p.get("date") or today))
        if slots.level is None and "level" not in p and slots.tier:
            _put(p, **_class_of_tier(city, slots.tier, p.get("date") or today))
        if any(not negated(text, m.start()) for m in DAY_SURGERY_RE.finditer(text)):
            p["day_surgery"] = True
        if name == "inpatient" and _emergency_rescue(slots, text):
            p["emergency_rescue"] = True
        stays = inpatient_stays(slots, text)
        rescue = _rescue_then_stay(slots, text) if not stays else None
        if rescue is not None:  # 先抢救（1500元），接着转成住院（12000元）: one stay, the rescue added by the rule
            p["emergency_before_stay"] = str(rescue[0])
            _put(p, level=slots.level, grade=slots.grade, tier=slots.tier, cost=rescue[1])
        elif stays:
            p["stays"] = stays
            p.pop("level", None)
            assumptions.append(f"按{len(stays)}次住院逐次计算，每次各付起付线")
        else:
            _put(p, level=slots.level, grade=slots.grade, tier=slots.tier, cost=total)
        _put(p, class_b_cost=None if stays else slots.class_b, area=slots.care_area(),
             disease=slots.special_diseases[0] if slots.special_diseases else None)
        if person:
            p["person"] = person
        else:
            assumptions.append("未说明参保人员类别，按成年居民计算")
        if group:
            p["group"] = group
    elif name == "critical_illness":
        _put(p, burden=_burden(slots, assumptions), group=group)
    elif name == "assistance":
        _put(p, burden=_burden(slots, assumptions), group=group, kind=_outpatient_assistance(slots, text))
    elif name == "outpatient_general" and (visits := outpatient_visits(slots, text, year or today.year)):
        p["visits"] = visits
        _put(p, family_doctor=slots.family_doctor)
        assumptions.append(f"按{len(visits)}次就诊逐次计算" + ("，每次在不同日期" if len({v['date'] for v in visits}) == len(visits) else ""))
    elif name == "outpatient_general":
        amount = total
        general_fee = _general_fee(slots, text)
        if amount is None and general_fee is not None:
            amount = sum(slots.amounts, Decimal(0))
        if general_fee is not None:
            p["general_fee_amount"] = str(general_fee)
        if slots.amount_per in ("visit", "day") and amount is not None:
            count = slots.visits or slots.days
            if count:
                amount = amount * count
                p["days"] = count
        elif slots.days or slots.visits:
            p["days"] = slots.days or slots.visits
        _put(p, compliant_amount=amount, facility=_facility(slots.facility, slots.level),
             family_doctor=slots.family_doctor, class_b_amount=slots.class_b)
        if _said_any(PRENATAL_OUTPATIENT_WORDS, text):
            p["prenatal"] = True  # 产前检查: paid by the outpatient scheme where the city's rules say so
        if slots.fund_paid_before is not None and slots.fund_paid_benefit in (None, "outpatient"):
            p["fund_paid_before"] = str(slots.fund_paid_before)
    if name == "outpatient_general" and slots.out_of_area == "省外" and slots.out_of_area_kind == "临时外出":
        p["cross_province_temporary"] = True  # 去外省探亲时看的门诊: the city's rule for such visits
    if name == "two_diseases":
        diseases = [disease_of(d) for d in slots.diseases if disease_of(d) in ("高血压", "糖尿病")]
        if total is None and len(slots.amounts) >= 2 and len(set(diseases)) == 2:
            total = sum(slots.amounts, Decimal(0))  # one amount per disease (降压药…、降糖药…): their sum
            assumptions.append("按两种病的用药费用合计计算")
        _put(p, diseases="高血压和糖尿病" if len(set(diseases)) == 2 else (diseases[0] if diseases else None),
             amount=total, facility=_facility(slots.facility, slots.level), class_b_amount=slots.class_b)
        if slots.fund_paid_before is not None:
            # 门诊统筹已报过200: counted against a two-disease cap that includes it; 两病已报过: the cap used
            field = "general_outpatient_paid" if slots.fund_paid_benefit == "outpatient" else "fund_paid_before"
            p[field] = str(slots.fund_paid_before)
        typed = [d for d in slots.diseases if disease_of(d) == "糖尿病" and d != "糖尿病"]
        if typed:  # Ⅰ型糖尿病 said: the type whose own limit some cities give (the calculator's names)
            p["diabetes_type"] = typed[0]
    elif name == "chronic_disease":
        said = [*slots.special_diseases, *slots.diseases]
        scheme = _chronic_scheme(text)
        listed = _listed_disease(city, scheme, text, p.get("date") or today)
        visits = chronic_visits(slots, text, year or today.year)
        if visits:
            p["visits"] = visits
            assumptions.append(f"按{len(visits)}次就诊逐次计算")
        scheme = scheme or _scheme_listing(city, listed, p.get("date") or today)
        _put(p, amount=None if visits else total, level=slots.level, disease=listed or (said[0] if said else None),
             scheme=scheme, disease_class=_disease_class(text), tier=slots.tier, grade=slots.grade, person=person)
        if slots.amount_per == "month" and slots.months:
            p["months"] = slots.months  # the months of the year the monthly cost ran (长治's monthly limits)
    elif name == "contribution":
        if year:
            p["year"] = year
        if slots.household:
            p["members"] = [_member(m) for m in slots.household]
            unsaid = (slots.household_size or 0) - len(slots.household)
            if unsaid > 0:  # 4口人，两个大人: the members not described are priced as adults, and the answer says so
                p["members"] += [{} for _ in range(unsaid)]
                assumptions.append(f"全家{slots.household_size}口人中另有{unsaid}位未说明类别，按成年居民计算；"
                                   "如有学生或未成年人，请说明")
        elif slots.household_size and slots.household_size > 1:
            # 全家3口人 without saying who: everyone priced as an adult, and the answer says so
            p["members"] = [{} for _ in range(slots.household_size)]
            assumptions.append(f"未逐一说明{slots.household_size}位家庭成员的类别，均按成年居民计算；"
                               "家里有学生或未成年人的，请说明每个人的情况")
        else:
            _put(p, person=_contribution_person(slots.person), age=slots.age)
            if "person" not in p and "age" not in p:
                assumptions.append("未说明人员类别，按成年居民计算；学生或未成年人的标准不同，请说明")
            if slots.groups:
                p["groups"] = _contribution_groups(_severe_only(slots.groups, slots.disability_grade))
        _college_as_student(p, today, assumptions)
    elif name == "waiting_period":
        d = slots.dates
        event = d.birth or d.status_change
        payment = d.payment
        status = _status_of_event(slots, text)
        if slots.asked == "deadline" and payment is None and event is not None and status != "毕业大中专学生":
            # the last day to pay: computed as if paid on the day of the event; the window's last day leads.
            # The cover bought is the event's year's (a birth in October is still that year's newborn).
            payment = event
            year = year or event.year
        if status == "新入学大中专学生" and payment is None and event is not None:
            # a new college student's cover runs from 9月1日 of the year of entry whatever the day the
            # school paid; the enrolment date stands for the payment date, and the answer says so
            payment = event
            assumptions.append("未说明缴费日期，按入学时缴费到账计算")
        _put(p, payment_date=payment.isoformat() if payment else None, contribution_year=year,
             event_date=event.isoformat() if event else None, status=status)
    elif name == "long_term_care":
        daily = slots.amount if slots.amount_per == "day" else None
        _put(p, days=slots.days, daily_cost=daily)
        if daily is not None and len(slots.amounts) == 1 and _said("床位费", text):
            p["daily_bed_fee"] = str(daily)  # the one daily figure said is the bed fee
    elif name == "maternity":
        _put(p, amount=total, delivery_type=_delivery_type(text), hospital_tier=slots.tier)
        if _said_any(PRENATAL_WORDS, text) and _delivery_type(text) is None and not _said_any(DELIVERY_WORDS, text):
            p["benefit"] = "产前检查"
    elif name == "special_drugs":
        if slots.level is None and slots.tier:  # 省级医院: the level of the one class that tier grades
            _put(p, **_class_of_tier(city, slots.tier, p.get("date") or today))
        _put(p, amount=total, level=slots.level, grade=slots.grade, tier=slots.tier, person=person)
        lists = [name for name, pattern in DRUG_LIST_RE.items() if pattern.search(text)]
        if len(lists) == 1:
            p["drug_list"] = lists[0]
        if any(not negated(text, m.start()) for m in FOR_SPECIAL_DISEASE_RE.finditer(text)):
            p["for_special_disease"] = True
    elif name == "outpatient_accident":
        if person in (None, "未成年居民") and _said_any(CALC_WORDS["kindergarten"], text):
            person = "在校学生"  # 在幼儿园摔伤: a child insured through the kindergarten is a student here
            assumptions.append("在幼儿园（幼教机构）统一参保的幼儿按参保学生计算")
        _put(p, person=person, amount=total, level=slots.level)
    elif name == "fixed_payment":
        treatment = next((t for t, words in FIXED_TREATMENT_WORDS.items() if _said_any(words, text)), None)
        # the members who had the care: those named where the stay, scheme or treatment is said (not 陪护的)
        cared = members_named_with(text, slots.household, (*STAY_NAMES, "住", *FIXED_CARE_WORDS)) or slots.household
        persons = len(cared) if len(cared) >= 2 else 1
        stays = stay_count(text)
        if persons > 1:  # 我和老伴各住了一次: each member's stays; 两人一共住了3次: the stays of both
            each = any(not negated(text, m.start()) for m in DISTRIBUTIVE_RE.finditer(text))
            stays = persons * (stays or 1) if each else max(stays or persons, persons)
            assumptions.append(f"按{persons}人分别计算定额")
        _put(p, scheme=_fixed_scheme(text) or _fixed_scheme_of_hospital(city, p.get("date") or today, text),
             hospital_tier=slots.tier, treatment=treatment, cost=total, stays=stays,
             persons=persons if persons > 1 else None)
    return p, assumptions


# The words of a fixed-payment scheme and its treatment: where they are said, the members named had the care.
FIXED_CARE_WORDS = (*(w for words in FIXED_SCHEME_WORDS.values() for w in words),
                    *(w for words in FIXED_TREATMENT_WORDS.values() for w in words), "定额")
# Words saying a count applies to each of several members (各住了一次, 每人一次, 都住过一回, 分别住了两次).
DISTRIBUTIVE_RE = re.compile(r"各|每人|每个人|每位|分别|都")


# Ways of giving birth by the words residents use (the calculator's names first; 剖宫产 = 剖腹产).
DELIVERY_TYPE_WORDS: dict[str, tuple[str, ...]] = {
    "剖腹产伴其他手术": ("剖腹产伴其他手术", "剖宫产伴其他手术", "剖腹产同时做了其他手术", "剖宫产同时做了其他手术"),
    "顺产伴侧切": ("顺产伴侧切", "顺产侧切", "侧切"),
    "剖腹产": ("剖腹产", "剖宫产", "剖腹", "剖宫"),
    "顺产": ("顺产", "自然分娩", "自然产", "顺生"),
}
DELIVERY_WORDS = ("分娩", "生孩子", "生小孩", "生宝宝", "生了", "住院生", "顺产", "剖腹产", "剖宫产")
PRENATAL_WORDS = ("产检", "产前检查", "孕检")
# Outpatient costs some cities' 门诊统筹 pays without daily limits (产前检查、先兆流产、流产、引产).
PRENATAL_OUTPATIENT_WORDS = (*PRENATAL_WORDS, "先兆流产", "流产", "引产")


def _said_any(words: tuple[str, ...], text: str) -> bool:
    return any(_said(w, text) for w in words)


def _delivery_type(text: str) -> str | None:
    """The way of giving birth the message names, the most specific first (顺产伴侧切 before 顺产)."""
    return next((kind for kind, words in DELIVERY_TYPE_WORDS.items() if _said_any(words, text)), None)


# The two chronic-disease schemes by the words residents use for each (门特 = 门诊特殊病); 门诊慢特病
# names both and so neither.
CHRONIC_SCHEME_WORDS: dict[str, tuple[str, ...]] = {
    "门诊特殊病": ("门诊特殊病", "门诊特殊疾病", "特殊疾病", "门诊特定病种", "特殊病", "特定病种", "门特", "特病"),
    "门诊慢性病": ("门诊慢性病", "慢性病", "门慢", "慢病"),
}


def _chronic_scheme(text: str) -> str | None:
    """The one chronic-disease scheme the message names (not under a negation), or None."""
    said = [scheme for scheme, words in CHRONIC_SCHEME_WORDS.items()
            if any(_said(w, text) for w in words)]
    return said[0] if len(said) == 1 else None


def _listed_disease(city: str, scheme: str | None, text: str, on: Any) -> str | None:
    """The one disease (or class of diseases) of the city's chronic-disease rules that the message names,
    by its name or its name without a generic ending (精神类疾病 -> 精神类), not under a negation."""
    from calculators.chronic_disease import SECTION, ChronicRules

    day = dt.date.fromisoformat(on) if isinstance(on, str) else on
    try:
        rules = load_city_rules(city).in_force(SECTION, day, ChronicRules)
    except (InputError, KeyError, ValueError):
        return None
    names = [name for key, terms in rules.schemes.items() if scheme in (None, key) for name in terms.diseases]
    whole = [name for name in names if _said(name, text)]
    whole = [n for n in whole if not any(n != m and n in m for m in whole)]  # 肺结核 inside 耐多药肺结核
    if whole:
        return whole[0] if len(set(whole)) == 1 else None
    said = [name for name in names if any(_said(form, text) for form in _name_forms(name))]
    said = said or [name for name in names if _parts_said(name, text)]
    said = said or _listed_by_everyday_name(names, text)
    # 冠心病 said: the name without a qualifier, not 冠心病(血管支架植入)
    plain = [n for n in said if "（" not in n and "(" not in n]
    said = plain or said
    if not said:  # 不是严重精神障碍，也不属于精神类疾病: the one listed name left
        return value_left_by_exclusion(InputError("disease", "", accepted=names), text)
    return said[0] if len(set(said)) == 1 else None


def _chronic_rules(city: str, on: Any) -> Any:
    from calculators.chronic_disease import SECTION, ChronicRules

    day = dt.date.fromisoformat(on) if isinstance(on, str) else on
    try:
        return load_city_rules(city).in_force(SECTION, day, ChronicRules)
    except (InputError, KeyError, ValueError):
        return None


def _scheme_listing(city: str, disease: str | None, on: Any) -> str | None:
    """The one chronic-disease scheme of the city's rules that lists `disease`, or None."""
    rules = _chronic_rules(city, on) if disease else None
    schemes = [key for key, terms in rules.schemes.items() if disease in terms.diseases] if rules else []
    return schemes[0] if len(schemes) == 1 else None


def _schemes_naming(city: str, text: str, on: Any) -> set[str]:
    """The chronic-disease schemes of the city's rules that list a disease the message names."""
    rules = _chronic_rules(city, on)
    return {key for key in (rules.schemes if rules else {}) if _listed_disease(city, key, text, on) is not None}


def benefit_of_disease(slots: Slots, city: str | None, today: dt.date, text: str) -> str | None:
    """The calculator a special disease named with no benefit decides (血透一次花了500元能报多少): the
    chronic-disease one when the city's rules list the disease in exactly one of their schemes (门诊特殊病
    or 门诊慢性病), else None (which benefit is asked). With no city named, the disease decides when some
    city's rules list it and none lists it in several schemes; the city is asked next."""
    if slots.benefit is not None or not slots.special_diseases:
        return None
    on = _day_of_case(slots, today)
    listings = [_schemes_naming(c, text, on) for c in ([city] if city else CITIES)]
    if any(len(schemes) > 1 for schemes in listings) or not any(listings):
        return None
    return "chronic_disease"


# The ordinary outpatient scheme named as such: a cost the resident says is its (门诊统筹报了多少) stays its.
ORDINARY_OUTPATIENT_RE = re.compile(r"门诊统筹|普通门诊")


def _special_disease_outpatient(slots: Slots, city: str, today: dt.date, text: str) -> bool:
    """An outpatient cost of a disease the city's rules list as a 门诊特殊病 (长春 肾功能不全透析治疗, said as
    血透), the ordinary outpatient scheme not named: the cost is that scheme's, not 门诊统筹's."""
    if not (slots.special_diseases or slots.diseases) or any(
            not negated(text, m.start()) for m in ORDINARY_OUTPATIENT_RE.finditer(text)):
        return False
    on = _day_of_case(slots, today)
    listed = _listed_disease(city, "门诊特殊病", text, on)
    return listed is not None and _scheme_listing(city, listed, on) == "门诊特殊病"


def _listed_by_everyday_name(names: list[str], text: str) -> list[str]:
    """The listed names a disease said by an everyday name stands for (慢阻肺 -> 慢性阻塞性肺疾病, 甲亢 ->
    甲状腺功能减退症或甲状腺功能亢进症): the document words the lexicon gives for each everyday word said
    (synonyms.txt `word => doc-word …`) and the words the slots know for the disease, each read against
    the listed names by `_names_word`."""
    words: set[str] = set()
    for word, targets in load_everyday_words().items():
        if _said(word, text):
            words.update(targets)
    for key in {*DISEASE_WORDS, *SPECIAL_DISEASE_WORDS}:
        if any(_said(w, text) for w in disease_words_for(key)):
            words.update(disease_words_for(key))
    return [name for name in names if any(_names_word(name, w) for w in words)]


# Endings a disease's name takes or leaves (慢性阻塞性肺疾病 = 慢性阻塞性肺病, 甲状腺功能亢进 = …亢进症).
DISEASE_ENDINGS = ("疾病", "病", "症")


def _disease_core(name: str) -> str:
    core = next((name[: -len(e)] for e in DISEASE_ENDINGS if name.endswith(e) and len(name) > len(e) + 1), name)
    return core


def _names_word(name: str, word: str) -> bool:
    """Whether the listed `name` names the disease `word`: the same name up to its ending, or the word
    whole inside one of the name's alternatives (…减退症或甲状腺功能亢进症) when it is three characters or more."""
    head = name.split("（")[0].split("(")[0]
    if _disease_core(head) == _disease_core(word):
        return True
    return len(word) >= 3 and any(word in part for part in head.split("或"))


# Treatments a listed name joins to its disease (慢性肾功能衰竭透析, 器官移植抗排异治疗).
# A name may also join the setting of the treatment (恶性肿瘤门诊治疗: said as 恶性肿瘤…在门诊治疗).
TREATMENT_ENDINGS = ("抗排异治疗", "透析治疗", "透析", "放化疗", "化疗", "放疗", "康复治疗", "门诊治疗", "治疗")


def _parts_said(name: str, text: str) -> bool:
    """Whether the text says a disease-and-treatment name by its two parts apart (慢性肾功能衰竭 … 门诊透析)."""
    ending = next((e for e in TREATMENT_ENDINGS if name.endswith(e) and len(name) > len(e) + 1), None)
    if ending is None or ending == "治疗":
        return False
    core = ending[:-2] if ending.endswith("治疗") else ending  # 抗排异 says 抗排异治疗
    disease = name[: -len(ending)]
    # the disease part by any word residents use for it (器官移植 said as 肾移植, 肝移植), or left unsaid when the
    # treatment is given for that disease alone (透析 for failing kidneys: diseases.txt for.透析)
    disease_said = (_said(disease, text) or any(_said(w, text) for w in disease_words_for(disease))
                    or any(w in disease for w in DISEASE_LEXICON.get(f"for.{core}", ())))
    # the treatment by any word of its class (抗排异 said as 抗排斥: calc_words.txt transplant_treatment; 透析 said as
    # 洗肾: diseases.txt treatment.透析)
    treatments = (CALC_WORDS["transplant_treatment"] if core in CALC_WORDS["transplant_treatment"]
                  else (core, *DISEASE_LEXICON.get(f"treatment.{core}", ())))
    return disease_said and any(_said(w, text) for w in treatments)


def _name_forms(name: str) -> list[str]:
    """A listed name and its forms residents say: without a bracketed part or a generic ending."""
    head = name.split("（")[0].split("(")[0]
    forms = [name, head]
    forms += [head[: -len(e)] for e in GENERIC_ENDINGS if head.endswith(e) and len(head) > len(e) + 1]
    return [f for f in dict.fromkeys(forms) if len(f) >= 2]


# 日间手术: a stay settled as a hospital stay under its own rule (no deductible, the city's rates).
DAY_SURGERY_RE = re.compile(r"日间手术")

# The waiting-period status an event's words give (the calculator's own names).
STATUS_OF_EVENT_WORDS: dict[str, tuple[str, ...]] = {
    "毕业大中专学生": ("毕业",),
    "退役军人": ("退役", "退伍", "转业"),
    "刑满释放人员": ("刑满", "出狱", "释放"),
    "职工医保停保人员": ("职工医保停保", "职工医保中断", "停保", "辞职", "离职", "失业", "单位不交", "断了职工"),
    "新入学大中专学生": ("入学", "考上大学", "大学新生", "新生入学", "考进", "考上", "考入", "录取"),
}


def _status_of_event(slots: Slots, text: str) -> str | None:
    if slots.dates.birth is not None:
        return "新生儿"
    if slots.dates.status_change is None:
        return None
    for status, words in STATUS_OF_EVENT_WORDS.items():
        if any(w in text and not negated(text, text.index(w)) for w in words):
            return status
    return None


# Weekday names: visits on named weekdays are on those (distinct or equal) days of one week.
WEEKDAY_RE = re.compile(r"(?:周|星期|礼拜)([一二三四五六日天])")
WEEKDAYS = "一二三四五六日"
SAME_DAY_RE = re.compile(r"同一天|同一日|当天|一天之内|一天里")


def _same_day(text: str) -> bool:
    """Whether the message puts its visits on one day (同一天, 当天), not under a negation (不在同一天, 不是同一天)."""
    return any(not negated(text, m.start()) for m in SAME_DAY_RE.finditer(text))


GENERAL_FEE_RE = re.compile(r"一般诊疗费(?:" + PER_VISIT + r")?(?:是|为|都是)?\s?$")


def outpatient_visits(slots: Slots, text: str, year: int) -> list[dict[str, Any]]:
    """The visits a message lists one by one (分别为180元、220元; 周一在社区花了60元，周三在卫生院120元):
    each amount with the facility named last before it, the day it names (or its own day), and the
    一般诊疗费 said per visit (每次一般诊疗费10元) added to each. Empty unless two or more visits are listed
    and no single total is said."""
    if slots.class_a is not None or slots.class_b is not None:
        return _visits_by_class(slots, text, year)
    if slots.amount is not None and len(slots.amounts) < 2:
        return []  # one amount
    amounts = case_amounts(text)
    per_visit_fee: Decimal | None = None
    listed = []
    for q in amounts:
        before = text[max(0, q.start - 8):q.start]
        if GENERAL_FEE_RE.search(before):
            if PER_VISIT_RE.search(text, max(0, q.start - 12), q.start):  # 每次一般诊疗费10元, 每回一般诊疗费10块
                per_visit_fee = q.value
            continue
        listed.append(q)
    if len(listed) < 2 or _says_total(text, listed):
        return []
    # the places named: outpatient facilities, and hospitals by their level (市中医院（三级医院）)
    places = sorted([*facility_mentions(text), *((_facility(None, lv), pos) for lv, pos in _level_mentions(text))],
                    key=lambda place: place[1])
    start = dt.date(year, 1, 5)  # a Monday-free anchor: only the differences between days matter
    visits: list[dict[str, Any]] = []
    same_day = _same_day(text)
    k = 0  # visits so far: each on its own day unless the message says otherwise
    for i, q in enumerate(listed):
        facility = next((f for f, pos in reversed(places) if pos < q.start), slots.facility)
        days_named = list(WEEKDAY_RE.finditer(text, _clause_begin(text, q.start), q.start))
        day = days_named[-1] if days_named else None  # the weekday named last before this amount
        since = listed[i - 1].end if i else _clause_begin(text, q.start)
        for _ in range(_visits_at_this_cost(text, since, q)):
            offset = WEEKDAYS.index(day.group(1).replace("天", "日")) if day else (0 if same_day else k)
            k += 1
            amount = q.value + (per_visit_fee or 0)
            visit: dict[str, Any] = {"date": (start + dt.timedelta(days=offset)).isoformat(),
                                     "facility": _facility(facility, slots.level), "amount": str(amount)}
            if per_visit_fee:
                visit["general_fee_amount"] = str(per_visit_fee)
            if _said_any(PRENATAL_OUTPATIENT_WORDS, text[since:q.start]):
                visit["prenatal"] = True  # 另外在卫生院做产检300块: this visit's cost is a prenatal check
            visits.append(visit)
    if any(v["facility"] is None for v in visits):
        return []
    return visits


# An item of an enumeration of visits (一回…，一回…; 第一次…; 另一次…; 有一趟…).
VISIT_ITEM_RE = re.compile(VISIT_ITEM + "(?!性)")
CLASS_LABEL_RE = re.compile(r"([甲乙丙])类")


def _visits_by_class(slots: Slots, text: str, year: int) -> list[dict[str, Any]]:
    """Visits whose costs are said by drug class (三级医院甲类药260；卫生院一回甲类药140，一回乙类药100): a
    new visit starts at an amount when a place is named, or an item of an enumeration of visits stands
    (一回, 另一次, 第二次), since the amount before it; the amounts between are one visit's, its 乙类 part
    apart. Empty unless that gives two or more visits (甲类120元、乙类200元 alone is one visit)."""
    amounts = case_amounts(text)
    if len(amounts) < 2 or _says_total(text, amounts):
        return []
    places = sorted([*facility_mentions(text), *((_facility(None, lv), pos) for lv, pos in _level_mentions(text))],
                    key=lambda place: place[1])
    groups: list[list[Any]] = []
    for i, q in enumerate(amounts):
        since = amounts[i - 1].end if i else 0
        new_place = any(since <= pos < q.start for _, pos in places)
        new_item = VISIT_ITEM_RE.search(text, since, q.start) is not None
        if not groups or (i and (new_place or new_item)):
            groups.append([q])
        else:
            groups[-1].append(q)
    if len(groups) < 2:
        return []
    start = dt.date(year, 1, 5)
    same_day = _same_day(text)
    visits: list[dict[str, Any]] = []
    for k, group in enumerate(groups):
        facility = next((f for f, pos in reversed(places) if pos < group[0].start), slots.facility)
        if facility is None:
            return []
        class_b = Decimal(0)
        for q in group:
            labels = CLASS_LABEL_RE.findall(text, _clause_begin(text, q.start), q.start)
            if labels and labels[-1] == "乙":
                class_b += q.value
        visit: dict[str, Any] = {"date": (start + dt.timedelta(days=0 if same_day else k)).isoformat(),
                                 "facility": _facility(facility, None), "amount": str(sum((q.value for q in group), Decimal(0)))}
        if class_b:
            visit["class_b_amount"] = str(class_b)
        visits.append(visit)
    return visits


# A count of visits (看了3回, 去了两趟, 门诊4次) and, after it, a cost said per visit (每回都是100块).
VISIT_COUNT_RE = re.compile(r"(\d+|[一二两三四五六七八九十])\s?(?:次|回|趟)")


def _visits_at_this_cost(text: str, since: int, q: Any) -> int:
    """How many visits the listed cost `q` stands for: the count said before it when the cost is said
    per visit (社区医院看了3回门诊 每回都是100块 -> 3), else one."""
    if not PER_VISIT_RE.search(text, max(since, q.start - 8), q.start):
        return 1
    counts = list(VISIT_COUNT_RE.finditer(text, since, q.start))
    if not counts:
        return 1
    n = parse_number(counts[-1].group(1))
    return int(n) if n is not None and 1 <= n <= 31 else 1


LEVEL_MENTION_RE = re.compile(r"([一二三123])\s?级(?!残|伤残|护理|失能)|([一二三])(?:甲|乙)(?![类等]|双胍)")


def _listed_with_levels(slots: Slots, text: str) -> tuple[list[Any], list[tuple[str, int]]]:
    """The amounts a message lists one by one (two or more, no total said, no 甲/乙 split) and every
    hospital level it names with where (a 基层 facility is 一级); ([], []) when it lists none."""
    if slots.amount is not None or slots.class_a is not None or slots.class_b is not None:
        return [], []
    listed = case_amounts(text)
    if len(listed) < 2 or _says_total(text, listed):
        return [], []
    levels = _level_mentions(text)
    levels += [("一级", pos) for _, pos in facility_mentions(text)]
    return listed, levels


def _level_mentions(text: str) -> list[tuple[str, int]]:
    """Every hospital level the text names (三级医院, 二甲), with where, not under a negation."""
    return [(LEVEL_NAMES_OF[m.group(1) or m.group(2)], m.start()) for m in LEVEL_MENTION_RE.finditer(text)
            if not negated(text, m.start())]


def chronic_visits(slots: Slots, text: str, year: int) -> list[dict[str, Any]]:
    """Chronic-disease visits the message lists one by one (3月在一级医院花了2000元，5月在三级医院3000元):
    each amount with the hospital level named last before it (a 基层 facility is 一级) and the date
    said in its clause (or its weekday, or its place in the list). Empty unless two or more amounts are
    listed and no total is said."""
    listed, levels = _listed_with_levels(slots, text)
    if not listed:
        return []
    levels.sort(key=lambda lp: lp[1])
    dates = [d for d in extract_dates(text, dt.date(year, 1, 1)) if d.precision in ("day", "month")]
    visits: list[dict[str, Any]] = []
    for q in listed:
        visit: dict[str, Any] = {"amount": str(q.value)}
        level = next((lv for lv, pos in reversed(levels) if pos < q.start), slots.level)
        if level:
            visit["level"] = level
        begin = _clause_begin(text, q.start)
        said = [d for d in dates if begin <= d.start < q.start]
        day = WEEKDAY_RE.search(text, begin, q.start)
        if said:
            visit["date"] = said[-1].date.replace(year=year).isoformat()
        elif day:
            visit["date"] = (dt.date(year, 1, 5) + dt.timedelta(days=WEEKDAYS.index(day.group(1).replace("天", "日")))).isoformat()
        visits.append(visit)
    return visits


def inpatient_stays(slots: Slots, text: str) -> list[dict[str, Any]]:
    """Hospital stays the message lists one by one (第一次二级医院1万，第二次三级医院2万): each amount with
    the hospital level named since the amount before it. Empty unless two or more amounts each have
    their own level and no total is said."""
    listed, levels = _listed_with_levels(slots, text)
    if not listed:
        return []
    stays, since = [], 0
    for q in listed:
        own = [lv for lv, pos in sorted(levels, key=lambda lp: lp[1]) if since <= pos < q.start]
        if not own:
            return []
        stay: dict[str, Any] = {"level": own[-1], "cost": str(q.value)}
        if slots.tier:
            stay["tier"] = slots.tier
        stays.append(stay)
        since = q.end
    return stays


# The class of a chronic disease (连云港 caps by it): 甲类病种, 乙类慢性病.
DISEASE_CLASS_RE = re.compile(r"([甲乙])类(?:病种|疾病|慢性病|慢病|病)")


def _disease_class(text: str) -> str | None:
    said = {m.group(1) + "类" for m in DISEASE_CLASS_RE.finditer(text) if not negated(text, m.start())}
    return said.pop() if len(said) == 1 else None


LEVEL_NAMES_OF = {"一": "一级", "二": "二级", "三": "三级", "1": "一级", "2": "二级", "3": "三级"}


def _clause_begin(text: str, pos: int) -> int:
    breaks = [m.end() for m in re.finditer(r"[，,。;；]", text[:pos])]
    return breaks[-1] if breaks else 0


def _says_total(text: str, listed: list[Any]) -> bool:
    """Whether one of the listed amounts is said to be the sum of the others (共600元, 其中…)."""
    first = listed[0]
    said_total = re.search(r"(?:共|合计|总计|累计|一共|总共)[^,，。;；]{0,4}$", text[max(0, first.start - 8):first.start])
    return (said_total is not None and first.value == sum((q.value for q in listed[1:]), Decimal(0))) or (
        re.search(r"其中", text) is not None)


def _hospital_class_named(city: str, text: str, on: Any) -> dict[str, str]:
    """Level, grade and tier of a hospital class the message names by the city's own class name
    (长治 三类收费标准 = 一级, or 二级乙等): the first pattern the rules give for that class."""
    try:
        params = inpatient_rules(load_city_rules(city), dt.date.fromisoformat(str(on)) if isinstance(on, str) else on)
    except (InputError, KeyError, ValueError):
        return {}
    for class_name, rule in params.classes.items():
        short = class_name.removesuffix("标准")
        if rule.match and len(short) >= 3 and short in text and not negated(text, text.index(short)):
            return dict(rule.match[0])
    return {}


def _class_of_tier(city: str, tier: str, on: Any) -> dict[str, str]:
    """The level of the one hospital class of the city's rules graded by `tier` (长春 市级医院 = 三级市级),
    or nothing when the tier names no class or several."""
    try:
        params = inpatient_rules(load_city_rules(city), dt.date.fromisoformat(str(on)) if isinstance(on, str) else on)
    except (InputError, KeyError, ValueError):
        return {}
    matches = [m for rule in params.classes.values() for m in rule.match if m.get("tier") == tier and "level" in m]
    levels = {m["level"] for m in matches}
    return {"level": levels.pop()} if len(levels) == 1 else {}


# Benefits priced per member when a household's members each have their own amount.
PER_MEMBER_FIELD = {"assistance": "burden", "critical_illness": "burden"}


def _per_member(name: str, slots: Slots, city: str, today: dt.date) -> CalcRequest | None:
    """A household whose members each have an amount (爷爷12000元、奶奶8000元): each member priced by
    `name` with their own group, and the sum."""
    field = PER_MEMBER_FIELD.get(name)
    with_amount = [m for m in slots.household if m.amount is not None]
    if field is None or len(with_amount) < 2:
        return None
    members = []
    for member in with_amount:
        inputs: dict[str, Any] = {field: str(member.amount)}
        if member.groups:
            inputs["group"] = GROUP_OF_SLOT.get(member.groups[0], member.groups[0])
        members.append({"label": member.relation, "inputs": inputs})
    payload: dict[str, Any] = {"city": city, "calculator": name, "members": members}
    if slots.dates.year and slots.dates.year != today.year:
        payload["date"] = dt.date(slots.dates.year, 12, 31).isoformat()
    try:
        parse_inputs("household", payload, today)
    except InputError:
        return None
    return CalcRequest("household", payload, None, [f"按{len(members)}位家庭成员各自计算后合计"])


def prepare(name: str, slots: Slots, city: str | None, today: dt.date,
            extra: dict[str, Any] | None = None, text: str = "", with_parts: bool = True) -> CalcRequest:
    """Payload for `name`, validated; a follow-up question for the first missing or unusable input.
    `with_parts=False` prices only the benefit named, never the other benefits of the same case."""
    if city is None:
        return CalcRequest(name, {}, FollowUp(PROMPTS["city"], tuple(CITIES), slot="city"))
    household = _per_member(name, slots, city, today) if not extra else None
    if household is not None:
        return household
    if name == "maternity" and with_parts and not extra:
        both = _delivery_with_prenatal(slots, city, today, text)
        if both is not None:
            return both
    if name == "inpatient" and _fixed_scheme_of_hospital(city, _day_of_case(slots, today), text):
        name = "fixed_payment"  # a stay at a hospital that practises a fixed payment a stay (南关区医院)
    delivery_stay = name == "maternity" and _delivery_settled_as_inpatient(slots, city, today, text)
    if delivery_stay:
        name = "inpatient"
    special_outpatient = name == "outpatient_general" and _special_disease_outpatient(slots, city, today, text)
    if special_outpatient:
        name = "chronic_disease"
    drug_by_disease = name == "special_drugs" and _drug_paid_as_its_disease(slots, city, today, text)
    if drug_by_disease:
        name = "chronic_disease"
    payload, assumptions = build_payload(name, slots, city, today, text)
    if delivery_stay:
        assumptions.append("住院分娩的合规费用先按普通住院报销（文件规定），以下为统筹基金按住院报销的部分")
    if special_outpatient:
        assumptions.append("所说病种属于门诊特殊病，门诊费用按门诊特殊病的规定计算（不按普通门诊统筹）")
    if drug_by_disease:
        assumptions.append("纳入特殊疾病支付的单独支付药品按对应病种的报销比例计算（文件规定），以下按门诊特殊病计算")
    if name == "chronic_disease" and slots.benefit is None and not _chronic_scheme(text) and payload.get("scheme"):
        # the benefit decided by the disease alone (benefit_of_disease): the resident is told which
        assumptions.append(f"所说病种列在{city}{payload['scheme']}病种中，按{payload['scheme']}计算")
    payload.update(extra or {})
    _fill_from_text(name, payload, text)
    by_class = _one_of_class(name, payload, text, today) if "disease" not in payload else None
    if by_class is not None:  # 一类慢病 without the disease: every disease of the class pays the same
        payload["disease"] = by_class[0]
        assumptions.append(by_class[1])
    dropped: set[str] = set()
    for _ in range(2 * len(payload) + 4):
        try:
            parse_inputs(name, payload, today)
            return CalcRequest(name, payload, None, assumptions)
        except InputError as exc:
            # A value the resident gave that this calculator cannot use is dropped once;
            # a missing input becomes a question.
            if exc.field in payload and exc.field not in dropped and exc.field not in ("city",):
                dropped.add(exc.field)
                payload.pop(exc.field)
                continue
            choices = exc.accepted or accepted_values(get_calculator(name).input_model, exc.field) or []
            said = value_from_text(InputError(exc.field, exc.message, accepted=list(choices)), text)
            if said is not None and payload.get(exc.field) != said:
                payload[exc.field] = said  # stated in the message: not asked for
                continue
            return CalcRequest(name, payload, follow_up_for(name, exc), assumptions)
    raise AssertionError("unreachable: every retry drops a field")


# The inputs that are a case's cost: a calculation asking only for one of them is a case told without its cost.
COST_FIELDS = ("amount", "cost", "compliant_amount", "burden", "daily_cost")


def cost_question(slots: Slots, city: str | None, today: dt.date, text: str) -> CalcRequest | None:
    """A how-much question about a resident's case a calculator prices whose first missing input is its cost
    (长春血透能报多少: a disease the city lists as a 门诊特殊病, no cost said): the request asking for the cost,
    or None. The case is a special disease or a fixed-payment scheme the message names; a question about a
    figure of the rule (起付线是多少) is none. A special disease named with no benefit is priced by the city's
    chronic-disease scheme that lists it."""
    from bot.understanding.intent import ASK_AMOUNT_RE, RULE_ASK_RE

    if city is None or slots.amount is not None or slots.amounts or not ASK_AMOUNT_RE.search(RULE_ASK_RE.sub("", text)):
        return None
    if not (slots.special_diseases or _fixed_scheme(text)):
        return None
    name = calculator_for(slots, text) or benefit_of_disease(slots, city, today, text)
    if name is None:
        return None
    request = prepare(name, slots, city, today, text=text)
    if request.follow_up is None or request.follow_up.slot not in COST_FIELDS:
        return None
    return request


def _day_of_case(slots: Slots, today: dt.date) -> dt.date:
    """The day whose rules apply to the case: the visit, the end of a past year named, or today."""
    year = slots.dates.year
    return slots.dates.visit or (dt.date(year, 12, 31) if year and year < today.year else today)


def _rules_of_case(city: str, section: str, model: type, slots: Slots, today: dt.date) -> Any:
    """A section's rules in force on the day of the case (the visit, the end of a past year named, or
    today); None when the city's rules do not give the section then."""
    try:
        return load_city_rules(city).in_force(section, _day_of_case(slots, today), model)
    except (InputError, KeyError, ValueError):
        return None


def _delivery_settled_as_inpatient(slots: Slots, city: str, today: dt.date, text: str) -> bool:
    """A delivery (not a prenatal check) with a cost, in a city whose rules in force settle it as an
    ordinary hospital stay (住院分娩合规医疗费用先按照城乡居民医保普通住院进行报销)."""
    from calculators.maternity import SECTION, MaternityRules

    if slots.amount is None or (_said_any(PRENATAL_WORDS, text) and not _said_any(DELIVERY_WORDS, text)):
        return False
    rules = _rules_of_case(city, SECTION, MaternityRules, slots, today)
    flag = getattr(rules, "delivery_as_inpatient", None)
    return bool(flag is not None and flag.value)


def _delivery_with_prenatal(slots: Slots, city: str, today: dt.date, text: str) -> CalcRequest | None:
    """A delivery with its cost and the prenatal checks of the same pregnancy, both said, in a city whose
    rules pay the checks a fixed amount (产前检查定额报销321元): the delivery priced as its rules say (as a
    hospital stay, or its own fixed amount) and the fixed prenatal amount added. None otherwise; the
    delivery alone when it needs an input first (its question is asked)."""
    from calculators.maternity import SECTION, MaternityRules

    if not (_said_any(PRENATAL_WORDS, text) and _said_any(DELIVERY_WORDS, text)):
        return None
    rules = _rules_of_case(city, SECTION, MaternityRules, slots, today)
    basis = getattr(rules, "prenatal_basis", None)
    if rules is None or rules.prenatal is None or basis is None or basis.value != "fixed":
        return None
    cost = _delivery_cost(slots, text)
    if cost is None:
        return None
    delivery_slots = slots.model_copy(update={"amount": cost, "amounts": [cost]})
    delivery = prepare("maternity", delivery_slots, city, today, text=text, with_parts=False)
    if delivery.follow_up is not None or not _runs(delivery, today):
        return delivery  # the delivery's own question first (医院级别 …)
    inputs = {k: v for k, v in delivery.payload.items() if k not in ("city", "date")}
    payload: dict[str, Any] = {"city": city, "parts": [
        {"label": "住院分娩", "calculator": delivery.name, "inputs": inputs},
        {"label": "产前检查", "calculator": "maternity", "inputs": {"benefit": "产前检查"}},
    ]}
    if "date" in delivery.payload:
        payload["date"] = delivery.payload["date"]
    try:
        parse_inputs("case_parts", payload, today)
    except InputError:
        return None
    assumptions = [*(delivery.assumptions or []), "住院分娩与产前检查各按其规定计算后合计；产前检查按定额报销，与实际检查费用多少无关"]
    return CalcRequest("case_parts", payload, None, assumptions)


def _runs(request: CalcRequest, today: dt.date) -> bool:
    """Whether the request computes as it stands (no input asked for at run time)."""
    from calculators.registry import run  # the registry's runner; imported here to keep start-up light

    try:
        run(request.name, request.payload, today)
    except InputError:
        return False
    return True


def _delivery_cost(slots: Slots, text: str) -> Decimal | None:
    """The delivery's cost: the one amount said, or the one amount of several whose clause does not
    name the prenatal checks (住院合规5800元；产检花了1100 -> 5800)."""
    if slots.amount is not None and len(slots.amounts) <= 1:
        return slots.amount
    others = [q.value for q in case_amounts(text)
              if not _said_any(PRENATAL_WORDS, text[_clause_begin(text, q.start):q.start])]
    return others[0] if len(others) == 1 else None


# A chronic disease named only by the class its city's table lists it under (一类慢病, 一类门诊慢性病).
CHRONIC_CLASS_RE = re.compile(r"([一二三])类(?!收费|医院|人员|救助|对象|费用|药)")


def _one_of_class(name: str, payload: dict[str, Any], text: str, today: dt.date) -> tuple[str, str] | None:
    """The first disease of the class the message names, with the assumption to state, when the city's
    rules list the class's diseases and every one of them gives this case the same result; else None."""
    from calculators.chronic_disease import SECTION, ChronicRules
    from calculators.registry import run

    said = {m.group(1) + "类" for m in CHRONIC_CLASS_RE.finditer(text) if not negated(text, m.start())}
    if name != "chronic_disease" or len(said) != 1 or payload.get("amount") is None and not payload.get("visits"):
        return None
    label = said.pop()
    on = dt.date.fromisoformat(payload["date"]) if payload.get("date") else today
    try:
        rules = load_city_rules(payload["city"]).in_force(SECTION, on, ChronicRules)
    except (InputError, KeyError, ValueError):
        return None
    members = [disease for key, terms in rules.schemes.items() if payload.get("scheme") in (None, key)
               for disease, own in terms.diseases.items()
               if own.disease_class is not None and own.disease_class.value == label]
    if not members:
        return None
    totals = set()
    for disease in members:
        try:
            totals.add(str(run(name, {**payload, "disease": disease}, today).total))
        except InputError:
            return None
    if len(totals) != 1:
        return None
    return members[0], (f"未说明具体病种；{label}门诊慢性病各病种（{'、'.join(members)}）的报销标准相同，"
                        f"按其中的“{members[0]}”计算")


def _drug_paid_as_its_disease(slots: Slots, city: str, today: dt.date, text: str) -> bool:
    """A 单独支付药品 said to be paid within the special-disease scheme (纳入特殊疾病支付), in a city whose
    rules pay such a drug at its disease's rate (纳入特殊疾病支付的单独支付药品按对应的病种报销比例)."""
    from calculators.special_drugs import SECTION, SpecialDrugRules

    if not any(not negated(text, m.start()) for m in FOR_SPECIAL_DISEASE_RE.finditer(text)):
        return False
    rules = _rules_of_case(city, SECTION, SpecialDrugRules, slots, today)
    return getattr(rules, "rate", None) is not None and getattr(rules, "special_disease_note", None) is not None


def follow_up_for(name: str, exc: InputError) -> FollowUp:
    model = get_calculator(name).input_model
    choices = tuple(exc.accepted or accepted_values(model, exc.field) or ())
    info = model.model_fields.get(exc.field)
    prompt = PROMPTS.get(exc.field) or f"请问{(info.description if info else exc.field) or exc.field}？"
    if exc.message and "必须填写" not in exc.message and exc.field not in PROMPTS:
        prompt = exc.message.split("（可选")[0] + "。"
    return FollowUp(prompt, choices, slot=exc.field)


def _fill_from_text(name: str, payload: dict[str, Any], text: str) -> None:
    """Fill a choice input the message names word for word (重度失能, 依申请救助, 门诊特殊病 …).

    Only when exactly one accepted value of the input appears in the text, and never over a value
    the slots already gave.
    """
    model = get_calculator(name).input_model
    if "members" in payload:  # a household: each member's inputs come from the slots, not the whole text
        return
    for field in model.model_fields:
        if field in payload or field in ("city", "date"):
            continue
        values = [v for v in (accepted_values(model, field) or []) if len(v) >= 3 and _said(v, text)]
        # a longer value that contains a shorter one (门诊特殊病 ⊃ 特殊病) is the one meant
        values = [v for v in values if not any(v != w and v in w for w in values)]
        if len(values) == 1:
            payload[field] = values[0]


def _said(word: str, text: str) -> bool:
    """Whether `text` names `word` somewhere not under a negation (不是医疗救助对象 does not say it)."""
    return any(not negated(text, m.start()) for m in re.finditer(re.escape(word), text))


# Words that say "not" the way an accepted value's own negation does (未完全失能 = 没有完全失能 =
# 还没到完全失能 = 不算完全失能): a negation, optionally with a verb of reaching or being.
NOT_WORDS_RE = re.compile(r"^(?:未|没有|没|不是|非)")
NEGATED_STATE_RE = r"(?:未|没有|没|不是|非|不算|不属于|尚未|还没|还未)(?:有|能)?(?:到|达到|够|算|是|属于)?"


def _value_said(value: str, text: str) -> bool:
    """Whether `text` says the choice `value` (its words before any bracketed condition); a value that
    is itself a negation (未完全失能) is said by any negation word before the same words."""
    head = value.split("（")[0].split("(")[0]
    if len(head) < 3 or not _age_condition_met(value, text):
        return False
    over = AGE_OVER_RE.match(head)
    if over:  # 90周岁以上部分失能或未失能: an age stated over the bound, and one of the alternatives said
        ages = ages_said(text)
        if not ages or any(a < int(over.group(1)) for a in ages):
            return False
        head = head[over.end():]
    alternatives = [a for a in head.split("或") if len(a) >= 2]
    if len(alternatives) > 1:
        return any(_alternative_said(a, text) for a in alternatives)
    return _alternative_said(head, text) if over else _plain_value_said(head, text)


# A choice bounded below by age, said first (90周岁以上…).
AGE_OVER_RE = re.compile(r"(\d+)\s?周?岁(?:以上|及以上)")


def _alternative_said(head: str, text: str) -> bool:
    return _plain_value_said(head, text) if len(head) >= 2 else False


def _plain_value_said(head: str, text: str) -> bool:
    negative = NOT_WORDS_RE.match(head)
    if negative:
        rest = re.escape(head[negative.end():])
        return re.search(NEGATED_STATE_RE + rest, text) is not None
    return _said(head, text)


# Generic endings of a choice's name that residents leave out (精神类疾病 -> 精神类, 严重精神障碍患者).
GENERIC_ENDINGS = ("疾病", "病种", "患者", "人员", "对象")


def value_left_by_exclusion(exc: InputError, text: str) -> str | None:
    """The one accepted value left when the message excludes every other (病种不属于精神类，也不是严重
    精神障碍 -> 其他病种), or None. A value is excluded when its name (without a generic ending such as
    疾病) stands under a negation; the one left must not be negated itself."""
    values = list(exc.accepted or ())
    if len(values) < 2:
        return None

    def excluded(value: str) -> bool:
        head = value.split("（")[0].split("(")[0]
        core = next((head[: -len(e)] for e in GENERIC_ENDINGS if head.endswith(e) and len(head) > len(e) + 1), head)
        # a class of diseases (精神类) is excluded by the general word for its stem (精神病, 精神疾病);
        # a listed disease by any word residents use for it (精神病 for 严重精神障碍)
        forms = {core, *disease_words_for(head)}
        if core.endswith("类") and len(core) >= 3:
            forms |= {core[:-1] + ending for ending in ("病", "疾病", "方面")}
        return any(len(form) >= 2 and any(negated(text, m.start()) for m in re.finditer(re.escape(form), text))
                   for form in forms)

    out = {v for v in values if excluded(v)}
    # a class excluded (不是精神类疾病) excludes the listed diseases of that class (严重精神障碍)
    stems = [_class_stem(v) for v in out if _class_stem(v)]
    out |= {v for v in values if any(stem in v for stem in stems)}
    left = [v for v in values if v not in out]
    return left[0] if len(left) == 1 else None


def _class_stem(value: str) -> str | None:
    """The stem of a class of diseases (精神类疾病 -> 精神), or None for a value that names no class."""
    head = value.split("（")[0].split("(")[0]
    core = next((head[: -len(e)] for e in GENERIC_ENDINGS if head.endswith(e) and len(head) > len(e) + 1), head)
    return core[:-1] if core.endswith("类") and len(core) >= 3 else None


AGE_RANGE_RE = re.compile(r"(\d+)\s?(?:至|到|-|~)\s?(\d+)\s?周?岁")


def _age_condition_met(value: str, text: str) -> bool:
    """A choice bounded by age (未完全失能（85至90周岁）) is said only if no age stated in the text falls outside."""
    bounds = AGE_RANGE_RE.search(value)
    if not bounds:
        return True
    ages = ages_said(text)
    return all(int(bounds.group(1)) <= a <= int(bounds.group(2)) for a in ages) and bool(ages)


def indifferent_choice(name: str, payload: dict[str, Any], exc: InputError,
                       today: dt.date) -> tuple[str, str] | None:
    """When every accepted value of the input asked for gives the same result for this case (a cap
    by disease class that the cost does not reach), the first of them: the question would change
    nothing, so it is not asked; with the assumption to state. None when the results differ or any
    value cannot be computed."""
    from calculators.registry import run  # the registry's runner; imported here to keep start-up light

    if not exc.accepted or len(exc.accepted) < 2:
        return None
    totals = set()
    for value in exc.accepted:
        try:
            totals.add(str(run(name, {**payload, exc.field: value}, today).total))
        except InputError:
            return None
    if len(totals) != 1:
        return None
    info = get_calculator(name).input_model.model_fields.get(exc.field)
    label = ((info.description if info else None) or exc.field).split("（")[0]
    return exc.accepted[0], f"未说明{label}；按{'、'.join(exc.accepted)}计算结果相同"


def value_from_text(exc: InputError, text: str) -> str | None:
    """The one accepted value of the input a calculator asks for that the message already says
    (精神类疾病, 没有完全失能), or the one every other value of which it excludes (不属于精神类，也不是严重
    精神障碍 -> 其他病种), or None: never ask for what the resident stated."""
    said = [v for v in exc.accepted or () if _value_said(v, text)]
    said = [v for v in said if not any(v != w and v.split("（")[0] in w for w in said)]
    if len(said) == 1:
        return said[0]
    return value_left_by_exclusion(exc, text) if not said else None


def _put(payload: dict[str, Any], **values: Any) -> None:
    for key, value in values.items():
        if value is None:
            continue
        payload[key] = str(value) if isinstance(value, Decimal) else value


def _burden(slots: Slots, assumptions: list[str]) -> Decimal | None:
    """The year's burden left on the resident that 大病保险 and medical assistance count: the amount said,
    or the sum of the burdens listed one by one (住院15万＋门诊特殊病5万; 住院自付九千 门诊慢特病自付四千),
    since both count the year's accumulated personal share of every covered cost; the answer says so."""
    if slots.amount is not None or slots.amount_basis != "self_pay" or len(slots.amounts) < 2:
        return slots.amount
    total = sum(slots.amounts, Decimal(0))
    listed = " + ".join(_yuan(a).removesuffix("元") for a in slots.amounts)
    assumptions.append(f"所列各项个人负担的合规费用按年度累计相加：{listed} = {_yuan(total)}")
    return total


def _total(slots: Slots) -> Decimal | None:
    if slots.class_a is not None or slots.class_b is not None:
        return (slots.class_a or Decimal(0)) + (slots.class_b or Decimal(0))
    if slots.amount is not None and slots.amount_per == "month" and slots.months:
        return slots.amount * slots.months  # 12个月每月230块: the months' cost
    return slots.amount


def _general_fee(slots: Slots, text: str) -> Decimal | None:
    """The 一般诊疗费 part when the message states it beside the other outpatient costs."""
    if "一般诊疗费" not in text or len(slots.amounts) < 2:
        return None
    # the amount stated right after the words 一般诊疗费
    after = text[text.index("一般诊疗费"):]
    for quantity in extract_numbers(after):
        if quantity.value in slots.amounts:
            return quantity.value
    return None


def _group(slots: Slots) -> str | None:
    return GROUP_OF_SLOT.get(slots.groups[0], slots.groups[0]) if slots.groups else None


# Everyday names of outpatient facilities that the calculators' facility list names differently.
FACILITY_OF_SLOT = {"基层": "乡镇卫生院", "卫生院": "乡镇卫生院", "社区": "社区卫生服务中心",
                    "社区医院": "社区卫生服务中心", "卫生室": "村卫生室", "诊所": "村卫生室"}


def _facility(facility: str | None, level: str | None) -> str | None:
    if facility:
        return FACILITY_OF_SLOT.get(facility, facility)
    return {"一级": "一级医院", "二级": "二级医院", "三级": "三级医院"}.get(level or "")


# Contributions price college students apart (大中专学生) from other students (在校学生).
COLLEGE = "大中专学生"
CONTRIBUTION_PERSON_OF = {**PERSON_TYPE_OF, "college_student": COLLEGE}


def _contribution_person(kind: str | None) -> str | None:
    return CONTRIBUTION_PERSON_OF.get(kind, kind) if kind else None


def _college_as_student(payload: dict[str, Any], today: dt.date, assumptions: list[str]) -> None:
    """Where a city's contribution table has no 大中专学生 line (长春 lists 成年/未成年 only), a college
    student pays as a student; the answer says so."""
    people = [m for m in payload.get("members", []) if m.get("person") == COLLEGE] or (
        [payload] if payload.get("person") == COLLEGE else [])
    if not people:
        return
    on = dt.date.fromisoformat(payload["date"]) if "date" in payload else today
    try:
        standard = rules_for_year(load_city_rules(payload["city"]), payload.get("year") or on.year).standard
    except InputError:  # no table for that year: the calculator says so
        return
    if COLLEGE in standard:
        return
    for person in people:
        person["person"] = "在校学生"
    assumptions.append(f"{payload['city']}的文件未单列大中专学生的缴费标准，按在校学生计算")


def _member(member: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if member.person:
        out["person"] = _contribution_person(member.person)
    if member.age is not None:
        out["age"] = member.age
    if member.groups:
        out["groups"] = _contribution_groups(_severe_only(member.groups, member.disability_grade))
    return out


# Disability grades that are not 重度 (the rules subsidise 重度残疾人: 一级、二级).
MILD_DISABILITY_GRADES = ("三级", "四级")


def _severe_only(groups: list[str], grade: str | None) -> list[str]:
    """The groups without 残疾人 when the grade said is a mild one (三级残疾) and no loss of the ability
    to work is said: such a resident is not one of the 重度残疾人 the contribution rules subsidise."""
    if grade in MILD_DISABILITY_GRADES and "丧失劳动能力" not in groups:
        return [g for g in groups if g != "残疾人"]
    return groups


def _contribution_groups(groups: list[str]) -> list[str]:
    """The groups said that the contribution calculator prices (a word such as 丧失劳动能力 beside
    残疾人 describes the same person and is not a group of its own); one unknown group does not
    drop the household."""
    out = []
    for group in groups:
        name = GROUP_ALIASES.get(GROUP_OF_SLOT.get(group, group), GROUP_OF_SLOT.get(group, group))
        if name in GROUPS and name not in out:
            out.append(name)
    return out


def _yuan(value: Any) -> str:
    amount = Decimal(str(value)).quantize(Decimal("0.01"))
    return (f"{amount:f}".rstrip("0").rstrip(".") if amount != amount.to_integral_value() else f"{amount:.0f}") + "元"


def headline(slots: Slots, calculation: dict[str, Any]) -> str | None:
    """The sentence that leads the answer with the quantity asked, when it is not the calculator's own
    total: both schemes together, 大病保险 alone, the resident's own share (after every scheme for a
    settlement), or the last day to pay.
    The other figures stay in the step table."""
    details = calculation.get("details") or {}
    name = calculation.get("name")
    asked = slots.asked
    if name == "settlement" and asked == "combined":
        both = Decimal(str(details["basic"])) + Decimal(str(details["critical_illness"]))
        return (f"基本医保和大病保险合计支付{_yuan(both)}（基本医保统筹基金{_yuan(details['basic'])}"
                f" + 大病保险{_yuan(details['critical_illness'])}）。")
    if name == "settlement" and asked == "critical_illness":
        return (f"基本医保报销{_yuan(details['basic'])}后，大病保险再支付{_yuan(details['critical_illness'])}。")
    if name == "settlement" and asked == "personal_share":
        return (f"自己最终负担{_yuan(details['personal'])}（合规费用中基本医保{_yuan(details['basic'])}、"
                f"大病保险{_yuan(details['critical_illness'])}、医疗救助{_yuan(details['assistance'])}支付以外的部分）。")
    own = details.get("personal", details.get("self_pay"))  # the calculators name the own share either way
    if asked == "personal_share" and own is not None and name not in ("settlement", "fixed_payment"):
        return f"自己负担{_yuan(own)}（政策范围内费用中统筹基金支付以外的部分）。"
    if name == "waiting_period" and asked == "deadline" and details.get("window_last_day"):
        last = dt.date.fromisoformat(str(details["window_last_day"]))
        event = dt.date.fromisoformat(str(calculation["inputs"]["event_date"]))
        then = {"payment_date": "不设待遇等待期，自缴费到账当日起享受待遇",
                "payment_next_day": "不设待遇等待期，自缴费到账次日起享受待遇"}.get(
            str(details.get("start_rule")), f"从{_day(event)}起享受待遇")
        return f"最晚应在{_day(last)}（含当天）前缴费到账，才能{then}。"
    if name == "waiting_period" and asked == "deadline" and details.get("start"):
        inputs = calculation["inputs"]
        status = inputs.get("status") or "普通居民"
        if status == "普通居民" or not inputs.get("event_date"):
            return None
        start = dt.date.fromisoformat(str(details["start"]))
        event = dt.date.fromisoformat(str(inputs["event_date"]))
        return (f"{calculation.get('city', '')}的政策文件没有为“{status}”规定身份转换后的缴费期限；"
                f"按集中缴费期外缴费的一般规定，即使{_day(event)}当天缴费到账，也要到{_day(start)}才开始享受待遇。")
    return None


def _day(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"
