"""What a resident's message asks for: a calculation, a policy fact, a comparison, a greeting, or
something outside the documents. Rules over word lists (data, at the top), each decision with a
short reason a developer can read.

The line between `calculation` and `policy`: a calculation asks for an amount or a date *for a
case the message describes* — a cost the resident had (住院花了3万能报多少), a payment date
(7月15日才交上, 哪天开始能用), a household to price (全家五口人要交多少). A policy question asks
what the rule is (报销比例是多少, 起付线多少, 15万以上的部分报多少): figures that are band limits
of the rule (6万到10万那一段, 15万以上) are not a case.

A short fragment that only changes something (那二级医院呢, 如果花了8万呢, 我是学生, 那长春呢)
is `follow_up`: the answering layer merges it into the previous turn (`bot.understanding.understand.merge_followup`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from bot.understanding.destinations import is_care_place
from bot.understanding.slots import CALC_WORDS, WAIT_START_NOUNS, Slots, negated, stay_count
from corpus import LEXICON_DIR
from corpus.word_classes import alternation, load_word_classes
from ingest.lexicon import load_synonym_groups

Intent = Literal["calculation", "policy", "comparison", "greeting", "out_of_scope", "follow_up"]

INTENTS_PATH = LEXICON_DIR / "intents.txt"
_W = load_word_classes(INTENTS_PATH)
_END = r"[\s?？。.!！]*$"  # a message's end, after any punctuation

# A whole message of greetings (with particles and punctuation) is a greeting; a greeting opening a
# question is left out before it is read.
GREETING_RE = re.compile(
    rf"^(?:{alternation(_W['greeting'])}(?:{alternation(_W['greeting_tail'])}|[~～!！。.,，?？ ])*)+$", re.IGNORECASE
)
# A framing of the question (请问, 来电咨询：, 坐席：来电人…, corpus/lexicon/framing.txt) says nothing of it.
FRAMING_WORDS = load_word_classes(LEXICON_DIR / "framing.txt", ("framing",))["framing"]
GREETING_PREFIX_RE = re.compile(
    rf"^(?:{alternation(_W['greeting_prefix'] + FRAMING_WORDS)}(?:{alternation(_W['greeting_tail'])}|[,，!！:： ])*)+",
    re.IGNORECASE,
)

# Every name of the scheme: its generic names and the resident scheme's synonyms (新农合, 合作医疗 …).
SCHEME_NAMES = tuple(dict.fromkeys(
    _W["scheme"] + next(group for group in load_synonym_groups() if group[0] in _W["scheme_group"])
))
# Words that put a message inside the medical-insurance domain: the domain class, the scheme's names, and
# every name the lexicon gives a term that holds a domain word (门慢 and 门特 for 门诊慢特病, 封顶线's 最高限额).
DOMAIN_WORDS = tuple(dict.fromkeys(
    _W["domain"] + SCHEME_NAMES
    + tuple(term for group in load_synonym_groups() if any(w in t for t in group for w in _W["domain"])
            for term in group)
))

# Topics the documents do not cover (corpus/lexicon/scope.txt), with the reason shown to developers.
OUT_OF_SCOPE_TOPICS: dict[str, tuple[str, ...]] = load_word_classes(LEXICON_DIR / "scope.txt")
# Asking whether the resident scheme pays for, or is replaced by, such a topic: the documents answer.
_CLAUSE_GAP = "[^,，。?？]"
SCHEME_COVERS_RE = re.compile(
    rf"{alternation(SCHEME_NAMES)}{_CLAUSE_GAP}{{0,6}}?{alternation(_W['scheme_pays'] + _W['scheme_replace'])}"
    rf"|{alternation(_W['scheme_use'])}{alternation(SCHEME_NAMES)}"
    rf"|{alternation(_W['scheme_replace'])}{_CLAUSE_GAP}{{0,4}}{alternation(SCHEME_NAMES)}"
)
MEDICAL_ADVICE_WORDS = _W["medical_advice"]
INSURANCE_WORDS = _W["insurance"] + SCHEME_NAMES
# Which hospital or doctor is good: a recommendation, said with any department or illness in between.
RECOMMENDATION_RE = re.compile(
    rf"{alternation(_W['which_provider'])}{_CLAUSE_GAP}{{0,8}}?{alternation(_W['provider'])}"
    rf"{_CLAUSE_GAP}{{0,8}}?{alternation(_W['praise'])}"
)

# Places outside the five cities (provinces that hold none of them, and cities of the others).
OTHER_PLACES = _W["other_places"]
# "在南京住院", "到了上海看病" name where the care was, not where the resident is insured
# (bot/understanding/destinations.py `is_care_place`).

COMPARE_WORDS = _W["compare"]
ALL_CITIES_WORDS = _W["all_cities"]
CITY_JOIN_RE = rf"{_CLAUSE_GAP}{{0,4}}{alternation(_W['city_join'])}{_CLAUSE_GAP}{{0,4}}"

CALC_WORDS_RE = re.compile(alternation(_W["calc"]))
ASK_AMOUNT_RE = re.compile(
    rf"{alternation(_W['ask_amount'] + _W['calc'])}|报{_CLAUSE_GAP}{{0,6}}吗"
    # the amount asked for as a noun in call-centre notes (问大病保险赔付额, 问医疗救助金额)
    rf"|{alternation(_W['payout'])}的?{alternation(_W['amount_noun'])}"
    rf"|问[^,，。;；?？]{{0,12}}?{alternation(_W['asked_amount_noun'])}"
)
# Asking where a band of the rule starts is a policy question even when an amount is given.
_DEDUCTIBLE_NAMES = next(group for group in load_synonym_groups() if group[0] in _W["deductible_group"])
RULE_ASK_RE = re.compile(rf"{alternation(_W['rule_ask'])}|{alternation(_DEDUCTIBLE_NAMES)}是?多少")
ASK_DATE_RE = re.compile(alternation(_W["ask_date"] + WAIT_START_NOUNS))
# The schemes of one fixed personal payment a year or a stay (定额治疗: calc_words.txt): a count of stays
# under one of them is a case to price without a cost (在区属医院定额住了两回院，自己付多少).
FIXED_SCHEME_RE = re.compile(alternation(CALC_WORDS["fixed_low_copay"] + CALC_WORDS["fixed_hospice"]
                                         + CALC_WORDS["fixed_district"]))
# A search-box string that ends with the quantity wanted and no question word (合规3.5万 未成年 统筹支付;
# 乙类1万 报销; 自付8000 救助): with a case amount, a calculation.
KEYWORD_ASK_END_RE = re.compile(alternation(_W["keyword_ask_end"]) + _END)
ASK_ABOUT_END_RE = re.compile(r"(?:^|[｜|，,：:；;\s])" + alternation(_W["ask_about"]) + r"[^，,。？?｜|]{2,10}" + _END)
# How long the wait is, asked after the date it runs from (5月8日交的 多久能报销).
ASK_WAIT_RE = re.compile(alternation(_W["ask_wait"]))
# The resident asking what they themselves pay (我要交多少, 我们交多少, 一个人交多少): with a year or a
# request to calculate, a contribution for a case; 个人一年交多少 without either is the rule.
SELF_PAYS_RE = re.compile(
    rf"{alternation(_W['self'] + _W['per_person'])}[们家]?[^,，。?？]{{0,3}}?{alternation(_W['self_pays_modal'])}?"
    rf"{alternation(_W['pay_verb'])}{alternation(_W['how_much'])}"
)
# The resident describing their own case (我是低保户, 俺是四级残疾, 本人属于脱贫人口).
SELF_IS_RE = re.compile(alternation(_W["self"]) + alternation(_W["self_is"]))
_QUESTION_WORDS = load_word_classes(LEXICON_DIR / "questions.txt")["ask"]
ASK_ANY_RE = re.compile(rf"{alternation(_QUESTION_WORDS + _W['ask_particle'])}|(.)不\1")  # 能不能, 需不需要 …
FOLLOW_UP_START_RE = re.compile("^" + alternation(_W["follow_up_start"]))
FOLLOW_UP_ENDS = _W["follow_up_end"]
FOLLOW_UP_MAX_CHARS = 24  # a follow-up fragment starting with 那/如果 is at most this long
FRAGMENT_MAX_CHARS = 12  # a bare fragment (我是学生, 长春, 三级医院) is at most this long
POLICY_TERMS = _W["policy_terms"]


@dataclass(frozen=True)
class IntentResult:
    intent: Intent
    reason: str  # why, in a few words (for developers and logs)


def classify_intent(text: str, slots: Slots, cities: list[str] | None = None,
                    city_given: bool = False) -> IntentResult:
    """The intent of a normalised message.

    `slots` are the message's slots (`bot.understanding.slots.extract_slots`); `cities` the covered cities the
    text names (`bot.understanding.cities.cities_in`); `city_given` whether the caller chose a city (then a
    place outside the five is where the care was, not the insured city).
    """
    cities = cities or []
    stripped = text.strip()
    if not stripped:
        return IntentResult("greeting", "空消息")
    if GREETING_RE.match(stripped):
        return IntentResult("greeting", f"问候或求助：{stripped[:10]}")
    body = GREETING_PREFIX_RE.sub("", stripped)

    for topic, words in OUT_OF_SCOPE_TOPICS.items():
        word = _first(body, words)
        if word and not SCHEME_COVERS_RE.search(body):
            return IntentResult("out_of_scope", f"{topic}（{word}）")
    recommendation = RECOMMENDATION_RE.search(body)
    if recommendation and not _first(recommendation.group(0), INSURANCE_WORDS):
        return IntentResult("out_of_scope", f"医院或医生推荐（{recommendation.group(0)}）")
    advice = _first(body, MEDICAL_ADVICE_WORDS)
    if advice and not _first(body, INSURANCE_WORDS):
        return IntentResult("out_of_scope", f"医疗建议（{advice}）")
    place = _insured_elsewhere(body)
    if place and not cities and not city_given:
        return IntentResult("out_of_scope", f"城市不在覆盖范围（{place}）")

    comparison = _comparison(body, cities)
    if comparison:
        return IntentResult("comparison", comparison)

    calculation = _calculation(body, slots)
    if calculation:
        return IntentResult("calculation", calculation)

    if _is_follow_up(body, slots, cities):
        return IntentResult("follow_up", "只改了条件的追问")

    if _first(body, DOMAIN_WORDS) or cities or slots.diseases or slots.special_diseases:
        # an illness or treatment the lexicon knows (尿毒症, 血透) is care the scheme may pay for
        return IntentResult("policy", "询问政策规定")
    return IntentResult("out_of_scope", "没有提到医保相关内容")


def _first(text: str, words: tuple[str, ...]) -> str | None:
    return next((w for w in words if w in text), None)


def _insured_elsewhere(text: str) -> str | None:
    """A place outside the five cities that the message is about (not merely where care took place)."""
    for place in OTHER_PLACES:
        for match in re.finditer(re.escape(place), text):
            if is_care_place(text, match.start(), match.end()):
                continue
            return place
    return None


def _comparison(text: str, cities: list[str]) -> str | None:
    if len(cities) >= 2:
        word = _first(text, COMPARE_WORDS)
        if word:
            return f"比较多个城市（{word}）"
        a, b = cities[0], cities[1]
        if re.search(re.escape(a) + CITY_JOIN_RE + re.escape(b), text):
            return f"同时问{a}和{b}"
    word = _first(text, ALL_CITIES_WORDS)
    if word:
        return f"比较各城市（{word}）"
    return None


def _calculation(text: str, slots: Slots) -> str | None:
    has_case_amount = slots.amount is not None or bool(slots.amounts)
    case_asks = RULE_ASK_RE.sub("", text)
    if has_case_amount and ASK_AMOUNT_RE.search(case_asks):
        return "给出了费用金额，问能报/要付多少"
    if has_case_amount and CALC_WORDS_RE.search(text):
        return "要求计算"
    if has_case_amount and KEYWORD_ASK_END_RE.search(text) and not ASK_ANY_RE.search(text) and "?" not in text:
        return "关键词式提问：给出了费用金额和要算的项目"
    if has_case_amount and slots.benefit and ASK_ABOUT_END_RE.search(text) and not ASK_ANY_RE.search(text):
        return "记录式提问：给出了费用金额，最后写明问哪一项待遇"
    if (stay_count(text) and ASK_AMOUNT_RE.search(text)
            and any(not negated(text, m.start()) for m in FIXED_SCHEME_RE.finditer(text))):
        return "按定额治疗的住院次数，问个人支付多少"
    case_dates = [slots.dates.payment, slots.dates.status_change, slots.dates.birth, slots.dates.visit]
    if any(case_dates) and (ASK_DATE_RE.search(text) or slots.asked in ("deadline", "cover_end")):
        return "给出了缴费/身份变化日期，问哪天开始享受"
    event_dates = [slots.dates.payment, slots.dates.status_change, slots.dates.birth]
    if any(event_dates) and slots.benefit == "waiting_period" and ASK_WAIT_RE.search(text):
        return "给出了缴费/身份变化日期，问要等多久"
    if (slots.household or slots.household_size) and "contribution" in slots.benefits and ASK_AMOUNT_RE.search(text):
        return "列出了家庭成员，问一共要交多少"
    if (slots.benefit == "contribution" and (slots.dates.year or CALC_WORDS_RE.search(text))
            and SELF_PAYS_RE.search(text)):
        return "问自己某年要交多少"
    if (slots.benefit == "contribution" and (slots.groups or slots.disability_grade) and SELF_IS_RE.search(text)
            and ASK_AMOUNT_RE.search(text)):
        return "说明了自己的身份，问要交多少"
    return None


def _is_follow_up(text: str, slots: Slots, cities: list[str]) -> bool:
    if len(text) > FOLLOW_UP_MAX_CHARS:
        return False
    asks = ASK_ANY_RE.search(text)
    if FOLLOW_UP_START_RE.match(text) and (text.rstrip("?？!！。 ").endswith(FOLLOW_UP_ENDS) or not asks):
        return True
    if len(text) > FRAGMENT_MAX_CHARS or asks or slots.benefits or _first(text, POLICY_TERMS):
        return False
    return bool(slots.level or slots.person or slots.amount is not None or slots.groups or cities)
