"""Policy figures answered from the rules data: a question that asks for a benefit's figure.

A question such as "淮安住院起付线是多少" asks for figures that `corpus/rules/` already holds with
their quotes. It is answered from the rules in force (today, or in the year the question names),
for the hospital level and person it names, and for every level or person it leaves open as a
small table, each figure with its quote as a citation and its `interpretation` as a note. The
composer's sentence picking is never asked to find a figure the data states.

`figure_ask(text, slots)` reads what is asked (the aspect: 起付线, 比例, 封顶 or the whole benefit,
from the word classes of `corpus/lexicon/figure_asks.txt`); `inpatient_facts(...)` builds the
answer for an inpatient stay in the city.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from bot.answers.calc_bridge import DAY_SURGERY_RE, INJURY_RE
from bot.answers.calc_render import citations_for
from bot.answers.care_areas import HOME, area_label, areas_asked, away_named
from bot.answers.model import Citation
from bot.answers.quote_lookup import squeeze
from bot.answers.recipient_classes import class_of, member_text
from bot.answers.rule_figures import (
    answers_benefit,
    benefit_of_recipients,
    beside,
    classes_named,
    money_text,
    names_other_care,
    none_given,
    recipient_classes,
    rule_table,
    section_of,
    zero_words,
)
from bot.answers.whole_scheme import asks_of_whole_scheme
from bot.understanding.destinations import care_destinations
from bot.understanding.numbers import extract_dates
from bot.understanding.slots import LEVEL_RE, Slots
from calculators.bands import adjust_rates
from calculators.contributions import SECTION as CONTRIBUTION_SECTION
from calculators.contributions import ContributionInput, contribution, covered_years, rules_for_year
from calculators.critical_illness import CriticalIllnessRules, GroupRule
from calculators.errors import InputError, RulesError
from calculators.inpatient import AreaRule, ClassRule, InpatientRules
from calculators.result import fmt_rate
from calculators.rules import Param, load_city_rules
from calculators.waiting_period import WaitingRules
from corpus import LEXICON_DIR
from corpus.word_classes import load_word_classes

ASKS_PATH = LEXICON_DIR / "figure_asks.txt"
ASPECTS = ("deductible", "rate", "cap", "overview", "how", "contribution", "own_pay", "waiting", "definition",
           "members", "class_of")
MEMBERSHIP_ASPECTS = ("members", "class_of")
SETTINGS = ("outpatient", "inpatient")  # the care settings themselves, which other benefits pay on
STAY_ASPECTS = {"deductible", "rate", "cap", "overview"}
# A benefit asked how much it pays for nobody named (门诊能报多少) is answered from its rules when their
# table has at most this many rows (the levels of care, a few groups): a table read at a glance.
MAX_OPEN_ROWS = 4
# A benefit whose figures are how it works (大病保险's bands): 怎么报 is answered with them.
FIGURES_ARE_THE_RULE = {"critical_illness"}
# The schemes and care settings whose figures the resident inpatient rules do not describe.
OTHER_SCHEME_WORDS = ("职工",)
# The benefit a figure asked of the scheme as a whole is of (whole_scheme.py): the inpatient stay.
WHOLE_SCHEME_BENEFIT = "inpatient"
# The words an answer for the scheme as a whole opens with: which benefit's figures follow.
WHOLE_SCHEME_LEAD = "住院：您没有说明哪项待遇，以下是{city}城乡居民医保的主要待遇——住院的标准（门诊、大病保险等另有标准，可说明后再问）。"
# Benefits that have no 起付线, 比例 or 封顶 of their own: named beside a stay (起付线交多少), they do
# not make the figure asked theirs.
NO_STAY_FIGURES = {"contribution", "waiting_period"}
# The slots' person kinds as the contribution rules' categories.
PERSON_TYPE_CATEGORY = {"adult": "成年居民", "elderly": "成年居民", "minor": "未成年居民", "newborn": "未成年居民",
                        "student": "在校学生", "college_student": "大中专学生"}
MATCH_FIELDS = ("level", "grade", "tier")
# Benefits whose way of paying is nothing but their figures (大病保险: 起付线, the bands, 封顶线): "怎么报"
# asks for those figures.
_REPEATED_MARK = re.compile(r"(\[\d+\])\1+")


def load_figure_asks(path: Path = ASKS_PATH) -> dict[str, tuple[str, ...]]:
    """aspect -> the words that ask for it, longest first."""
    return load_word_classes(path, ASPECTS)


FIGURE_ASPECTS = ("deductible", "rate", "cap")
# What the resident pays out of pocket (自己掏多少, 自己出钱): the contribution to the scheme when the
# question names no care, the own share of a cost when it names a treatment, an illness, a hospital or
# a benefit that pays for care (血透在市级医院自己掏多少: not the premium).
OWN_PAY = "own_pay"


def names_care(slots: Slots) -> bool:
    """Whether the question names care: a disease or treatment, a hospital, or a benefit paying for care."""
    care_benefits = (set(slots.benefits) | ({slots.benefit} if slots.benefit else set())) - NO_STAY_FIGURES
    return bool(slots.special_diseases or slots.diseases or slots.level or slots.tier or slots.facility
                or care_benefits)


def paying_aspects(aspects: list[str], slots: Slots) -> list[str]:
    """`aspects` with an out-of-pocket ask read as what it is: the contribution when no care is named,
    else nothing of its own (the cost of that care is the passages' or a calculator's)."""
    if OWN_PAY not in aspects:
        return aspects
    out = [a for a in aspects if a != OWN_PAY]
    if not names_care(slots) and "contribution" not in out:
        out.append("contribution")
    return out


def asked_aspects(text: str, path: Path = ASKS_PATH) -> list[str]:
    """The aspects a question asks for, in the vocabulary's order. Words asking how much (报多少) that
    are part of the words asking one figure (最多报多少: the cap; 自付多少以上才救: the deductible) ask
    that figure, not every figure."""
    classes = load_figure_asks(path)
    spans = {aspect: _spans(text, words) for aspect, words in classes.items()}
    named = [s for aspect in FIGURE_ASPECTS for s in spans.get(aspect, [])]
    if spans.get("overview") and named:
        spans["overview"] = [s for s in spans["overview"] if not any(s[0] < e and b < s[1] for b, e in named)]
    return [aspect for aspect in classes if spans[aspect]]


def _spans(text: str, words: tuple[str, ...]) -> list[tuple[int, int]]:
    return [(m.start(), m.start() + len(w)) for w in words for m in re.finditer(re.escape(w), text)]


@dataclass(frozen=True)
class FigureAsk:
    benefit: str
    aspects: tuple[str, ...]
    mode: str | None = None  # a kind of care with rules of its own (day_surgery)
    several_levels: bool = False  # the question names several hospital levels: show every level
    away: bool = False  # the stay is away from the insured city: answered by the rules' care areas
    place: str | None = None  # a place outside the five cities named as where the stay is (去北京住院)
    whole_scheme: bool = False  # no benefit named: asked of the scheme as a whole, answered for its stay
    open_rows: bool = False  # how much, for nobody named: answered from the rules only when their table is small


def figure_ask(text: str, slots: Slots) -> FigureAsk | None:
    """The benefit figure a policy question asks for, when the rules data can answer it.

    Only a question about one benefit with figures in the rules (a stay, 大病保险), for the city's own
    resident scheme in its own hospitals, is taken: care elsewhere, diseases and the employee scheme
    have rules of their own that the passages explain better. Special groups are answered for
    大病保险, whose rules give their figures; a stay's special-group rules are left to the passages.
    """
    benefit = slots.benefit or benefit_of_recipients(slots.groups)  # 三类医疗救助对象起付线: 医疗救助's
    benefits = set(slots.benefits) | ({benefit} if benefit else set())
    # a care setting asked beside a benefit that pays on it (医疗救助…，门诊特药几成): that benefit's figure
    benefit = next((b for b in slots.benefits if b != benefit and answers_benefit(b) and benefit in beside(b)
                    and benefit in SETTINGS), benefit)
    aspects = paying_aspects(asked_aspects(text), slots)
    membership = _membership_ask(text, slots, benefit, aspects)
    if membership is not None:
        return membership
    if "definition" in aspects:
        return None  # what a term means is the documents' explanation
    dated = slots.dates.payment or slots.dates.birth or slots.dates.status_change
    if "waiting" in aspects and benefits <= {"waiting_period", "contribution"} and not dated:
        return FigureAsk("waiting_period", ("waiting",))  # when cover starts: a rule, not a date to compute
    if benefits <= {"contribution"} and "contribution" in aspects and not slots.household:
        return FigureAsk("contribution", ("contribution",))
    whole = benefit is None and bool(set(aspects) & STAY_ASPECTS) and asks_of_whole_scheme(text, slots)
    if whole:  # 医保一年最多报多少: the scheme's principal benefit, never 大病保险's cap
        benefit, benefits = WHOLE_SCHEME_BENEFIT, {WHOLE_SCHEME_BENEFIT}
    if answers_benefit(benefit):
        return _rule_ask(text, slots, benefit, benefits, aspects)
    if benefit not in STAY_ANSWERERS or benefits - {benefit} - NO_STAY_FIGURES:
        return None
    if _asks_how(aspects):
        if benefit not in FIGURES_ARE_THE_RULE:
            return None  # "怎么报" asks how the benefit works, which the passages explain
        aspects = [*aspects, "overview"]
    aspects = [a for a in aspects if a in STAY_ASPECTS]
    if not aspects:
        return None
    mode = "day_surgery" if benefit == "inpatient" and DAY_SURGERY_RE.search(text) else None
    away = benefit == "inpatient" and mode is None and away_named(slots)
    if _care_elsewhere(slots) and not away:
        return None
    if slots.special_diseases or slots.diseases or slots.household:
        return None
    if slots.groups and benefit != "critical_illness":
        return None
    if any(word in text for word in OTHER_SCHEME_WORDS):
        return None
    several_levels = len(set(LEVEL_RE.findall(text))) > 1  # 一级、二级、三级医院分别多少
    places = care_destinations(text) if away else []
    return FigureAsk(benefit, tuple(aspects), mode, several_levels, away, places[0] if places else None, whole)


def _membership_ask(text: str, slots: Slots, benefit: str | None, aspects: list[str]) -> FigureAsk | None:
    """Who belongs to a class of the benefit's recipients, or which class a group is in (一类医疗救助对象
    包括哪些人, 低保边缘户算第几类): asked beside a class named by number or the recipients themselves."""
    asked = [a for a in MEMBERSHIP_ASPECTS if a in aspects]
    if not asked or benefit is None or not answers_benefit(benefit):
        return None
    recipients = benefit_of_recipients(slots.groups) == benefit
    numbered = re.search(r"[一二三四五六1-6第几哪]类", text) is not None
    if not (recipients or numbered):
        return None
    return FigureAsk(benefit, tuple(asked))


def _asks_how(aspects: list[str]) -> bool:
    """Whether the question asks how a benefit works rather than for one of its figures."""
    return "how" in aspects and not {"deductible", "rate", "cap"} & set(aspects)


def _care_elsewhere(slots: Slots) -> bool:
    """Care outside the city's own hospitals, or an emergency: rules of their own, which the passages explain."""
    return slots.out_of_area not in (None, "本地") or bool(slots.out_of_area_kind or slots.filing or slots.emergency)


def _rule_ask(text: str, slots: Slots, benefit: str, benefits: set[str], aspects: list[str]) -> FigureAsk | None:
    """A figure of a benefit whose rules section is read as a tree (rule_figures): 门诊统筹, 两病, 救助, 慢特病.

    A benefit that is a kind of outpatient or inpatient care (两病, 慢特病, 救助 of a stay) may be
    named beside 门诊/住院; 门诊统筹 itself beside another benefit is a question about both, which the
    passages answer. The person group, disease or facility named selects its rows.
    """
    if slots.amount is not None or STATED_FIGURE.search(text):
        return None  # "还有每天50元的限额吗" asks whether a stated figure holds: the documents' words say
    others = benefits - {benefit} - NO_STAY_FIGURES
    if others and (benefit == "outpatient" or others - {"outpatient", "inpatient"} - beside(benefit)):
        return None
    aspects = [a for a in aspects if a in STAY_ASPECTS]
    named = slots.level or slots.facility or slots.groups or slots.diseases
    if not aspects:
        return None
    open_rows = aspects == ["overview"] and not named  # how much, for nobody named: every row, if few
    if _care_elsewhere(slots):
        return None
    if slots.household or any(word in text for word in OTHER_SCHEME_WORDS) or names_other_care(benefit, text) \
            or (benefit == "outpatient" and INJURY_RE.search(text)):  # an injury: the accident benefit's own rules
        return None
    return FigureAsk(benefit, tuple(aspects), open_rows=bool(open_rows))


def rule_facts(city: str, ask: FigureAsk, slots: Slots, today: dt.date, text: str = "",
               evidence: list[str] | None = None) -> FactAnswer | None:
    """The figures asked of a benefit read from its rules tree (rule_figures.rule_table), when the
    evidence (when given) quotes one of them."""
    on = rules_date(slots, today)
    table = rule_table(city, ask.benefit, _wanted(ask), text, slots, on, today)
    if table is None or (ask.open_rows and len(table.rows) > MAX_OPEN_ROWS):
        return None  # many rows for nobody named (随州's 医疗救助 groups): the passages explain them
    quotes = tuple(table.quotes())
    if evidence is not None and not any(quotes_in(quotes, t) for t in evidence):
        return None
    cited: list[Param] = []
    rows = [[label, *cells] for label, cells in table.rows]
    lines = [table.title] + _table(["适用对象", *table.header], rows, cited)
    if rows and table.general:
        lines.append("")
    lines += [f"- {label}：{_cell(cell, cited)}" for label, cell in table.general]
    answer = _finish(lines, cited)
    answer.quotes = quotes
    return answer


def quotes_in(quotes: tuple[str, ...] | list[str], text: str) -> bool:
    """Whether the text holds one of the quotes (whitespace of PDF extraction aside)."""
    said = squeeze(text)
    return any(squeeze(q) in said for q in quotes)


def answer_figures(city: str, ask: FigureAsk, slots: Slots, today: dt.date, text: str = "",
                   evidence: list[str] | None = None) -> FactAnswer | None:
    """The figures asked, from the rules in force, or None when the rules cannot answer.

    A benefit read from its rules tree (rule_figures) answers only when `evidence` (the passages the
    question retrieved best) quotes one of the figures given: the benefit was understood from the
    question's words, and a passage about another kind of care (门诊特殊病 for a 门诊 question) says
    the question is about that care instead."""
    uncovered = _year_not_covered(city, ask, slots, today, text)
    if uncovered is not None:
        return uncovered
    if set(ask.aspects) & set(MEMBERSHIP_ASPECTS):
        return membership_facts(city, ask, slots, today, text, evidence)
    if answers_benefit(ask.benefit) and none_given(city, ask.benefit):
        asked = "、".join(label for aspect, label in (("deductible", "起付线"), ("rate", "比例"), ("cap", "限额"))
                         if aspect in _wanted(ask))
        return FactAnswer(f"抱歉，{city}的政策文件没有给出{section_of(ask.benefit)[1]}的{asked}标准。", declined=True)
    if answers_benefit(ask.benefit):
        return rule_facts(city, ask, slots, today, text, evidence)
    return ANSWERERS[ask.benefit](city, ask, slots, today)


def _not_eligible(city: str, benefit: str, group: str, on: dt.date) -> Param | None:
    """What the benefit's rules say of a group they exclude (`not_eligible`: 随州 脱贫人口), if anything."""
    named = section_of(benefit)
    try:
        said = load_city_rules(city).raw_in_force(named[0], on).get("not_eligible", {}).get(group) if named else None
    except InputError:
        return None
    return Param.model_validate(said) if said else None


def membership_facts(city: str, ask: FigureAsk, slots: Slots, today: dt.date, text: str = "",
                     evidence: list[str] | None = None) -> FactAnswer | None:
    """The classes of the benefit's recipients from the rules data, each with the document's names of
    its members: the class named (二类医疗救助对象包括哪些人), the class of the group named (低保边缘户算
    第几类), or every class. None when the city's documents number no classes, or (with `evidence`) the
    passages retrieved do not quote them."""
    on = rules_date(slots, today)
    classes = recipient_classes(city, ask.benefit, on)
    if not classes:
        return None
    named = classes_named(text, ask.benefit, classes)
    name = (section_of(ask.benefit) or ("", "医疗救助"))[1]
    own = [g for g in slots.groups if benefit_of_recipients([g]) != ask.benefit]  # 低保边缘家庭成员, not 救助对象
    cited: list[Param] = []
    lines: list[str] = []
    if not named and own and "class_of" in ask.aspects:
        for group in own:
            cls = class_of(group, classes)
            excluded = _not_eligible(city, ask.benefit, group, on)
            if cls is None and excluded is not None:  # 随州 脱贫人口: 仅参保缴费给予资助 …
                lines.append(f"{city}{group}：{excluded.value}{_mark(excluded, cited)}。")
            elif cls is None:
                lines.append(f"{city}的政策文件列出的{name}对象类别中没有写到“{group}”。")
            else:
                lines.append(f"{city}{group}属于{cls.name}{_mark(cls.members, cited)}。")
                named.append(cls)
        if not named:
            named = classes
        lines.append("")
    shown = [cls for n, cls in enumerate(named) if all(cls is not c for c in named[:n])] or classes
    if evidence is not None and not any(quotes_in(cls.members.quotes, e) for cls in shown for e in evidence):
        return None
    if len(shown) == 1:
        lines.append(f"{city}{shown[0].name}包括：{member_text(shown[0])}{_mark(shown[0].members, cited)}。")
    else:
        lines.append(f"{city}的{name}对象分为{len(classes)}类：")
        lines += [f"- {cls.name}：{member_text(cls)}{_mark(cls.members, cited)}" for cls in shown]
    answer = _finish(lines, cited)
    answer.quotes = tuple(q for cls in shown for q in cls.members.quotes)
    return answer


# The rules section and Chinese name of each benefit whose versions answer by date (contributions
# and waiting periods handle the year in their own answerers: by contribution year).
_DATED_SECTIONS = {"inpatient": ("inpatient", "住院待遇"), "critical_illness": ("critical_illness", "大病保险待遇")}


def _year_not_covered(city: str, ask: FigureAsk, slots: Slots, today: dt.date, text: str) -> FactAnswer | None:
    """A decline when the question names a year in which no version of the benefit's rules was in
    force: the documents give no figure for it, so none is given (a passage that merely mentions the
    year is no answer), naming the period they do cover."""
    if slots.dates.year is None or slots.dates.year == today.year:
        return None
    if len({m.date.year for m in extract_dates(text, today) if m.precision == "year"}) > 1:
        return None  # 去年断了，今年又交上: which year the figure is of is not said
    named = _DATED_SECTIONS.get(ask.benefit) or section_of(ask.benefit)
    if named is None:
        return None
    section, name = named
    try:
        versions = load_city_rules(city).versions(section)
    except (InputError, RulesError, KeyError):
        return None
    on = rules_date(slots, today)
    if not versions or any(v.in_force_on(on) for v in versions):
        return None
    start = min(v.effective_from for v in versions)
    ends = [v.effective_to for v in versions]
    period = (f"{start.year}年{start.month}月{start.day}日起施行的规定" if None in ends
              else f"{start.year}年至{max(e for e in ends if e).year}年的规定")
    return FactAnswer(f"抱歉，{city}的政策文件没有给出{slots.dates.year}年的{name}标准（现有文件给出的是{period}）。",
                      declined=True)


@dataclass
class FactAnswer:
    text: str
    citations: list[Citation] = field(default_factory=list)
    declined: bool = False  # the rules hold no figure for what was asked (e.g. a year not covered)
    quotes: tuple[str, ...] = ()  # for figures read off a rules tree: the document words they come from


# A figure the question states itself (50块, 70%, 三百元): the question is whether it holds.
STATED_FIGURE = re.compile(r"[\d０-９一二三四五六七八九十百千万两]+(?:块钱?|元|%|％)")


def rules_date(slots: Slots, today: dt.date) -> dt.date:
    """The day whose rules answer: today, or within the year the question names."""
    year = slots.dates.year
    if year is None or year == today.year:
        return today
    return dt.date(year, 12, 31) if year < today.year else dt.date(year, 1, 1)


def _in_force(city: str, section: str, on: dt.date, model: type) -> Any:
    """The city's rules of `section` in force on `on`, or None when its documents give none then."""
    try:
        return load_city_rules(city).in_force(section, on, model)
    except (InputError, RulesError, KeyError):
        return None


def inpatient_facts(city: str, ask: FigureAsk, slots: Slots, today: dt.date) -> FactAnswer | None:
    """The inpatient figures asked, for the level and person named (all of them when open)."""
    on = rules_date(slots, today)
    rules = _in_force(city, "inpatient", on, InpatientRules)
    if rules is None:
        return None
    if ask.several_levels:
        slots = slots.model_copy(update={"level": None, "grade": None, "tier": None})
    classes = [(name, rule) for name, rule in rules.classes.items() if rule.match and _matches(rule, slots)]
    if not classes:
        return None
    if ask.away:
        return _area_facts(city, rules, ask, slots, classes, on, today)
    if ask.mode == "day_surgery":
        return _day_surgery_facts(city, rules, classes, _wanted(ask), on, today)
    cited: list[Param] = []
    person = slots.person_type()
    minor_column = any(rule.minor_rates is not None for _, rule in classes)
    show_adult = person in (None, "成年居民") or not minor_column
    show_minor = minor_column and person in (None, "未成年居民", "在校学生")
    wants = _wanted(ask)
    student_column = any(rule.student_deductible is not None for _, rule in classes)
    header = ["医院"]
    if "deductible" in wants and (person != "在校学生" or not student_column):
        header.append("起付线（成年居民）" if student_column and person is None else "起付线")
    if "deductible" in wants and student_column and person in (None, "在校学生"):
        header.append("起付线（在校学生）")
    if "rate" in wants and show_adult:
        header.append("报销比例（成年居民）" if show_minor else "报销比例")
    if "rate" in wants and show_minor:
        header.append("报销比例（未成年居民、在校学生）")
    rows: list[list[Param | str]] = []
    for name, rule in classes:
        row: list[Param | str] = [_class_label(name, rule)]
        if "deductible" in wants and (person != "在校学生" or not student_column):
            row.append(rule.deductible)
        if "deductible" in wants and student_column and person in (None, "在校学生"):
            row.append(rule.student_deductible or rule.deductible)
        if "rate" in wants and show_adult:
            row.append(rule.rates)
        if "rate" in wants and show_minor:
            row.append(rule.minor_rates or rule.rates)
        rows.append(row)

    lines = [_title(city, "住院待遇", on, today)] + _table(header, rows, cited)
    if ask.whole_scheme:
        lines = [WHOLE_SCHEME_LEAD.format(city=city), "", *lines]
    lines += _rate_notes(rules, wants, person, cited, minor_column)
    if "cap" in wants:
        lines += ["", f"一个年度内统筹基金最高支付（封顶线）：{_value(rules.cap)}{_mark(rules.cap, cited)}。"]
    away = [a for a, area in rules.areas.items() if a != HOME and _changes_figures(area)]
    if away:
        lines += ["", f"以上为本市定点医院的标准；到市外住院（{'、'.join(away)}）另有标准，问题中说明即可查询。"]
    return _finish(lines, cited)


def _rate_notes(rules: InpatientRules, wants: set[str], person: str | None, cited: list[Param],
                minor_column: bool) -> list[str]:
    """What changes the rates shown: the minors' uplift and high-cost rate, the 乙类 share paid first."""
    lines: list[str] = []
    if "rate" in wants and rules.minor_uplift is not None and not minor_column and person != "成年居民":
        uplift = f"{(rules.minor_uplift.value * 100).normalize():f}个百分点"
        lines += ["", f"在校学生和未成年人的报销比例比成年居民提高{uplift}{_mark(rules.minor_uplift, cited)}。"]
    if "rate" in wants and rules.minor_high_cost is not None and person != "成年居民":
        high = rules.minor_high_cost.value
        said = (f"报销比例低于{fmt_rate(high.rate)}的提高到{fmt_rate(high.rate)}" if high.mode == "at_least"
                else f"报销比例为{fmt_rate(high.rate)}")
        lines += ["", f"在校学生和未成年人{money_text(high.above)}以上部分，{said}{_mark(rules.minor_high_cost, cited)}。"]
    if "rate" in wants and rules.class_b_share is not None:
        lines += ["", f"乙类药品和诊疗项目费用个人先自付{fmt_rate(rules.class_b_share.value)}"
                      f"{_mark(rules.class_b_share, cited)}，其余按上述比例报销。"]
    return lines


def _changes_figures(area: AreaRule) -> bool:
    """Whether a care area's stay is paid otherwise than at home (a deductible, class, rate of its own)."""
    delta = area.rate_delta
    return (area.class_name is not None or area.deductible is not None or area.fixed_rate is not None
            or area.self_pay_share is not None or (delta is not None and delta.value != 0))


def _area_facts(city: str, rules: InpatientRules, ask: FigureAsk, slots: Slots,
                classes: list[tuple[str, ClassRule]], on: dt.date, today: dt.date) -> FactAnswer | None:
    """A stay away from the insured city: the figures of each care area the question names (its
    deductible, rate and 先行自付 share), by hospital level where they depend on it; None when the
    city's rules do not set the care named apart (its passages answer)."""
    names = areas_asked(slots, city, rules.areas, ask.place)
    if not names:
        return None
    wants = _wanted(ask)
    person = slots.person_type()
    cited: list[Param] = []
    self_pay = any(rules.areas[a].self_pay_share is not None for a in names)
    rate_label = _area_rate_label(rules, classes, person)
    columns = ([("deductible", "起付线")] if "deductible" in wants else []) + \
              ([("rate", rate_label)] if "rate" in wants else []) + ([("self_pay", "先行自付")] if self_pay else [])
    header = [label for _, label in columns]
    by_level = len(names) == 1 and _depends_on_level(rules.areas[names[0]])
    if by_level:
        area = rules.areas[names[0]]
        rows = [[_class_label(n, c), *_area_cells(rules, area, c, person, columns)] for n, c in classes]
        header = ["医院", *header]
    else:
        level_class = classes[0][1] if len(classes) == 1 else None
        rows = [[area_label(a), *_area_cells(rules, rules.areas[a], level_class, person, columns)] for a in names]
        header = ["就医情形", *header]
    title = area_label(names[0]) if len(names) == 1 else "市外"
    lines = [_title(city, f"{title}住院待遇", on, today)] + _table(header, rows, cited)
    said = [line for a in names for line in _area_lines(rules.areas[a], a if len(names) > 1 else "", by_level, cited)]
    if said:
        lines += ["", *said]
    lines += _rate_notes(rules, wants, person, cited, any(c.minor_rates is not None for _, c in classes))
    if "cap" in wants:
        lines += ["", f"一个年度内统筹基金最高支付（封顶线）：{_value(rules.cap)}{_mark(rules.cap, cited)}。"]
    return _finish(lines, cited)


def _depends_on_level(area: AreaRule) -> bool:
    """Whether an area's figures follow the hospital's level (a rate change, the home deductible)."""
    return not area.class_name and (area.deductible is None or area.fixed_rate is None)


def _area_rate_label(rules: InpatientRules, classes: list[tuple[str, ClassRule]], person: str | None) -> str:
    minor_rates = any(c.minor_rates is not None for _, c in classes)
    if person in ("未成年居民", "在校学生") and minor_rates:
        return "报销比例（未成年居民、在校学生）"
    return "报销比例（成年居民）" if minor_rates or rules.minor_uplift is not None else "报销比例"


def _person_rates(rule: ClassRule, person: str | None) -> Param:
    return rule.minor_rates if person in ("未成年居民", "在校学生") and rule.minor_rates is not None else rule.rates


def _person_deductible(rule: ClassRule, person: str | None) -> Param:
    return rule.student_deductible if person == "在校学生" and rule.student_deductible is not None else rule.deductible


def _area_cells(rules: InpatientRules, area: AreaRule, level: ClassRule | None, person: str | None,
                columns: list[tuple[str, str]]) -> list:
    """An area's cells: its own figure, its class's, or the home level's changed as the area says; when
    the figure follows a level not named, how it follows it."""
    own = rules.classes[area.class_name] if area.class_name else None
    base = own or level
    cells: list = []
    for column, _ in columns:
        if column == "deductible":
            if area.deductible is not None:
                cells.append(area.deductible)
            elif base is not None:
                cells.append(_person_deductible(base, person))
            else:
                cells.append("按就医医院级别，同本市")
        elif column == "rate":
            cells.append(_area_rate(area, base, own is not None, person))
        elif area.self_pay_share is not None:
            cells.append((fmt_rate(area.self_pay_share.value), [area.self_pay_share]))
        else:
            cells.append("无")
    return cells


def _area_rate(area: AreaRule, base: ClassRule | None, own_class: bool, person: str | None):
    if area.fixed_rate is not None:
        return (fmt_rate(area.fixed_rate.value), [area.fixed_rate])
    if base is not None and own_class:
        return _person_rates(base, person)
    delta = area.rate_delta
    if base is not None:
        rates = _person_rates(base, person)
        if delta is None or delta.value == 0:
            return (_value(rates), [rates, *([delta] if delta is not None else [])])
        return (_bands(adjust_rates(rates.value, lambda r: r + delta.value)), [rates, delta])
    if delta is not None and delta.value != 0:
        return (f"本市同级医院比例{_points(delta.value)}", [delta])
    return ("与本市同级医院相同", [p for p in (delta, area.rule) if p is not None])


def _points(delta: Decimal) -> str:
    return f"{'降低' if delta < 0 else '提高'}{(abs(delta) * 100).normalize():f}个百分点"


def _area_lines(area: AreaRule, name: str, by_level: bool, cited: list[Param]) -> list[str]:
    """What the documents say of an area beyond its cells: the rate change its levels' figures come
    from, the document's words where it changes nothing, and its provisos."""
    lead = f"{area_label(name)}：" if name else ""
    lines = []
    delta = area.rate_delta
    if by_level and delta is not None:
        change = "与本市同级医院一致" if delta.value == 0 else f"在本市同级医院比例基础上{_points(delta.value)}"
        lines.append(f"- {lead}报销比例{change}{_mark(delta, cited)}。")
    if area.rule is not None and not (area.class_name or area.deductible or delta or area.fixed_rate
                                      or area.self_pay_share):
        lines.append(f"- {lead}文件原文：“{squeeze_quote(area.rule)}”{_mark(area.rule, cited)}。")
    lines += [f"- {lead}{p.value}{_mark(p, cited)}。" for p in area.provisos]
    return lines


def squeeze_quote(param: Param) -> str:
    """A parameter's quote as one line: the line breaks of the PDF's table cells inside it removed."""
    return " … ".join(re.sub(r"\s*\n\s*", "", q).strip() for q in param.quotes)


def _finish(lines: list[str], cited: list[Param]) -> FactAnswer:
    """The answer's text with its citation marks numbered, its citations and its notes."""
    steps = [{"citation": p.cite().model_dump()} for p in cited]
    citations, numbers = citations_for({"steps": steps})
    text = "\n".join(lines)
    for p in cited:  # the marks were written as placeholders; number them as the citations are
        c = p.cite()
        text = text.replace(_placeholder(p), f"[{numbers[(c.doc_id, c.quote)]}]")
    text = _REPEATED_MARK.sub(r"\1", text)  # two figures of one passage in one cell: one mark
    notes = _notes(cited)
    if notes:
        text += "\n\n说明：" + "".join(f"\n- {n}" for n in notes)
    return FactAnswer(text, citations)


def _table(header: list[str], rows: list[list], cited: list[Param]) -> list[str]:
    if len(header) < 2:
        return []
    lines = ["", "| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return lines + ["| " + " | ".join(_cell(c, cited) for c in row) + " |" for row in rows]


def _wanted(ask: FigureAsk) -> set[str]:
    wants = set(ask.aspects)
    if "overview" in wants or not wants & {"deductible", "rate", "cap"}:
        wants = {"deductible", "rate", "cap"}
    return wants


def _title(city: str, benefit: str, on: dt.date, today: dt.date) -> str:
    return f"{city}城乡居民医保{benefit}（{f'{on.year}年' if on != today else '现行'}政策）："


def critical_illness_facts(city: str, ask: FigureAsk, slots: Slots, today: dt.date) -> FactAnswer | None:
    """大病保险 起付线, 分段比例 and 封顶线 for ordinary residents and each special group (or the one named)."""
    on = rules_date(slots, today)
    rules = _in_force(city, "critical_illness", on, CriticalIllnessRules)
    if rules is None:
        return None
    named = [(name, g) for name, g in rules.groups.items() if set(slots.groups) & set(g.members.value)]
    if slots.groups and not named:
        rows_of = [("普通参保居民", None)]  # a group the rules give no figures of: ordinary figures apply
    else:
        rows_of = named or [("普通参保居民", None), *rules.groups.items()]
    wants = _wanted(ask)
    cited: list[Param] = []
    header = ["人员"] + [label for aspect, label in (("deductible", "起付线"), ("rate", "分段报销比例"),
                                                    ("cap", "封顶线")) if aspect in wants]
    rows = []
    for name, group in rows_of:
        row: list = [name if group is None else f"{name}（{'、'.join(group.members.value)}）"]
        if "deductible" in wants:
            row.append(_group_deductible(rules, group))
        if "rate" in wants:
            row.append(_group_bands(rules, group))
        if "cap" in wants:
            row.append((zero_words(group.no_cap) or "不设封顶线", [group.no_cap]) if group is not None and group.no_cap and group.no_cap.value
                       else rules.cap)
        rows.append(row)
    lines = [_title(city, "大病保险", on, today)] + _table(header, rows, cited)
    if "rate" in wants and rules.second_stage is not None:
        stage = rules.second_stage.value
        lines += ["", f"大病保险报销后，个人合规自付费用超过{money_text(stage.above)}的部分，再按{fmt_rate(stage.rate)}报销"
                      f"{_mark(rules.second_stage, cited)}。"]
    if "cap" in wants and rules.cap_increase is not None:
        increase = rules.cap_increase.value
        lines += ["", f"连续参保满{increase.free_years}年后，封顶线每年可提高{money_text(increase.step)}，累计提高不超过"
                      f"原封顶线的{fmt_rate(increase.max_share)}{_mark(rules.cap_increase, cited)}。"]
    return _finish(lines, cited)


def contribution_facts(city: str, ask: FigureAsk, slots: Slots, today: dt.date) -> FactAnswer | None:
    """个人缴费标准 of the contribution year named (else the latest the documents give), by person
    category; the person named gets their row only. A year without figures is declined, naming the years with."""
    rules = load_city_rules(city)
    if CONTRIBUTION_SECTION not in rules.sections:
        return FactAnswer(f"抱歉，{city}的政策文件没有给出城乡居民医保个人缴费标准。", declined=True)
    years = covered_years(rules)
    year = slots.dates.year or max(years)  # no year named: the latest the documents give
    if year not in years:
        scheduled = _scheduled_subsidies(city, year, slots.groups, rules_for_year(rules, max(years)))
        if scheduled is not None:
            return scheduled
        listed = "、".join(f"{y}年度" for y in years)
        return FactAnswer(f"抱歉，{city}的政策文件没有给出{year}年度的个人缴费标准（现有文件给出的是{listed}的标准）。",
                          declined=True)
    params = rules_for_year(rules, year)
    category = PERSON_TYPE_CATEGORY.get(slots.person or "")
    if slots.groups:
        return _group_contributions(city, year, category, slots.groups, rules, params)
    named = {PERSON_TYPE_CATEGORY[k] for k in slots.persons if k in PERSON_TYPE_CATEGORY}
    if len(named) < 2:
        named = {category} if category else set()
    standard = {k: v for k, v in params.standard.items() if not named or k in named} or params.standard
    cited: list[Param] = []
    rows = [[name, value] for name, value in standard.items()]
    lines = [f"{city}{year}年度城乡居民医保个人缴费标准（每人每年）："] + _table(["人员类别", "个人缴费"], rows, cited)
    if params.subsidies:
        lines += ["", "特困人员、低保对象等困难群体由财政按规定全额或部分资助参保，可问“低保户交多少”查看。"]
    return _finish(lines, cited)


def _group_contributions(city: str, year: int, category: str | None, groups: list[str], rules: Any,
                         params: Any) -> FactAnswer:
    """The contribution of each subsidised group named: the standard of the person's category (成年居民
    when none is named), the state's subsidy and what the resident pays, computed by the contribution
    calculator; a group the city's documents do not subsidise is said to be so."""
    category = category if category in params.standard else "成年居民" if "成年居民" in params.standard else next(iter(params.standard))
    standard = params.standard[category]
    cited: list[Param] = []
    rows, absent = [], []
    for group in groups:
        rule = params.subsidies.get(group)
        if rule is None:
            absent.append(group)
            continue
        said = rule.share or (rule.amount_by_year or {}).get(year) or rule.unquantified
        subsidy = None  # the state's share as an amount: the standard less what the resident pays
        try:
            pay = contribution(rules, ContributionInput(city=city, year=year, person=category, groups=[group],
                                                        date=dt.date(year, 1, 1))).total
            pay_text = f"{money_text(pay)}" if pay else "0元（个人不缴费）"
            subsidy = standard.value - pay
        except InputError as error:
            pay_text = error.message
        rows.append([group, standard, (_subsidy_text(rule, year, subsidy), [said] if said else []), pay_text])
    lines = [f"{city}{year}年度城乡居民医保资助参保（每人每年）："]
    if rows:
        lines += _table(["人员类别", f"{category}缴费标准", "财政资助", "个人缴费"], rows, cited)
    if absent:
        lines += ["", f"{city}的政策文件没有“{'、'.join(absent)}”的资助参保规定，按{category}标准缴费"
                      f"（{money_text(standard.value)}{_mark(standard, cited)}）。"]
    return _finish(lines, cited)


def _scheduled_subsidies(city: str, year: int, groups: list[str], latest: Any) -> FactAnswer | None:
    """A named group's subsidy fixed for a year whose standard the documents do not give (随州 脱贫人口's
    phase-out: 2022年按160元/人资助 …), from the schedule in the latest rules; None when there is none."""
    cited: list[Param] = []
    lines = [f"{city}{group}{year}年度资助参保：{_subsidy_text(rule, year)}{_mark(rule.amount_by_year[year], cited)}（每人）。"
             for group in groups
             if (rule := latest.subsidies.get(group)) is not None and year in (rule.amount_by_year or {})]
    return _finish(lines, cited) if lines else None


def _subsidy_text(rule: Any, year: int, amount: Any = None) -> str:
    """How the state subsidises a group; a share of the standard also as the amount it comes to."""
    if rule.share is not None:
        if rule.share.value == 1:
            return "全额资助"
        share = f"按标准的{fmt_rate(rule.share.value)}资助"
        return f"{share}（{money_text(amount)}）" if amount else share
    fixed = (rule.amount_by_year or {}).get(year)
    if fixed is not None:
        return f"定额资助{money_text(fixed.value)}" if fixed.value else "不再资助"
    return "文件未写资助金额"


START_SAID = {
    "event_date": "从{event}之日起享受待遇",
    "payment_date": "缴费到账当日起享受待遇，不设等待期",
    "payment_next_day": "缴费次日起享受待遇，不设等待期",
    "september_first": "从入学当年9月1日起享受待遇",
}
EVENT_OF = {"新生儿": "出生"}
PERSON_SPECIAL = {"newborn": "新生儿"}


def waiting_facts(city: str, ask: FigureAsk, slots: Slots, today: dt.date) -> FactAnswer | None:
    """When cover starts: the collection window, the waiting period after it, and each group's own rule
    (the group or newborn named gets its rule only)."""
    rules = load_city_rules(city)
    if "waiting_period" not in rules.sections:
        return FactAnswer(f"抱歉，{city}的政策文件没有给出城乡居民医保待遇等待期的规定。", declined=True)
    try:
        w = rules.in_force("waiting_period", today, WaitingRules)
    except InputError:
        latest = max(v.effective_from for v in rules.versions("waiting_period"))
        w = rules.in_force("waiting_period", latest, WaitingRules)
    cited: list[Param] = []
    named = [k for k in w.special if k in slots.groups or k == PERSON_SPECIAL.get(slots.person or "")]
    lines = [f"{city}城乡居民医保什么时候开始享受待遇："]
    if not named:
        window = f"{_month_day(w.window_start.value)}至{_month_day(w.window_end.value)}"
        lines.append(f"- 集中缴费期为上一年{window}{_mark(w.window_start, cited)}，其间缴费的，待遇享受期为"
                     f"{w.benefit_year.value}{_mark(w.benefit_year, cited)}。")
        late = f"- 集中缴费期后缴费的，设{w.late_wait_months.value}个月待遇等待期{_mark(w.late_wait_months, cited)}"
        if w.unpaid_in_wait is not None:
            late += f"，{w.unpaid_in_wait.value}{_mark(w.unpaid_in_wait, cited)}"
        lines.append(late + "。")
    for name in named or list(w.special):
        rule = w.special[name]
        said = START_SAID[rule.start.value].format(event=EVENT_OF.get(name, "身份转换"))
        within = (f"{EVENT_OF.get(name, '身份转换')}后{rule.window_days.value}天内参保缴费"
                  f"{_mark(rule.window_days, cited)}的，" if rule.window_days is not None else "")
        lines.append(f"- {name}：{within}{said}{_mark(rule.start, cited)}。")
    return _finish(lines, cited)


def _month_day(value: str) -> str:
    month, day = value.split("-")
    return f"{int(month)}月{int(day)}日"


def _group_deductible(rules: CriticalIllnessRules, group: GroupRule | None):
    if group is None or (group.deductible is None and group.deductible_factor is None):
        return rules.deductible
    if group.deductible is not None:
        return group.deductible
    value = rules.deductible.value * group.deductible_factor.value
    return (money_text(value), [rules.deductible, group.deductible_factor])


def _group_bands(rules: CriticalIllnessRules, group: GroupRule | None):
    if group is None:
        return rules.bands
    if group.bands is not None:
        return group.bands
    if group.fixed_rate is not None:
        return (fmt_rate(group.fixed_rate.value), [group.fixed_rate])
    if group.rate_delta is not None:
        shifted = [band.model_copy(update={"rate": band.rate + group.rate_delta.value}) for band in rules.bands.value]
        points = f"{(group.rate_delta.value * 100).normalize():f}个百分点"
        return (f"{_bands(shifted)}（各段提高{points}）", [rules.bands, group.rate_delta])
    return rules.bands


def _day_surgery_facts(city: str, rules: InpatientRules, classes: list[tuple[str, ClassRule]], wants: set[str],
                       on: dt.date, today: dt.date) -> FactAnswer | None:
    """日间手术 under its own rule: its deductible, and its rates by level (else the stay's rates)."""
    rule = rules.day_surgery
    if rule is None:  # the documents give day surgery no rule of its own: the passages say what they say
        return None
    cited: list[Param] = []
    header = ["医院"] + (["起付线"] if "deductible" in wants else []) + (["报销比例"] if "rate" in wants else [])
    rows = []
    for name, cls in classes:
        row: list = [_class_label(name, cls)]
        if "deductible" in wants:
            row.append((zero_words(rule.deductible) or "不设起付线", [rule.deductible]) if rule.deductible.value == 0
                       else rule.deductible)
        if "rate" in wants:
            level_rate = rule.rates.value.get(name) if rule.rates is not None else None
            row.append((fmt_rate(level_rate), [rule.rates]) if level_rate is not None else cls.rates)
        rows.append(row)
    lines = [_title(city, "日间手术待遇", on, today)] + _table(header, rows, cited)
    return _finish(lines, cited)


def _matches(rule: ClassRule, slots: Slots) -> bool:
    """Whether a hospital class is one the question's level (grade, tier) could mean."""
    said = {f: getattr(slots, f) for f in MATCH_FIELDS if getattr(slots, f)}
    if not said:
        return True
    return any(all(pattern.get(f) in (None, v) for f, v in said.items()) for pattern in rule.match)


def _class_label(name: str, rule: ClassRule) -> str:
    described = ["".join(pattern.get(f, "") for f in ("level", "grade", "tier")) for pattern in rule.match]
    described = [d for d in described if d]
    if described == [name] or not described:
        return name
    return f"{name}（{'、'.join(described)}）"


def _value(param: Param) -> str:
    value = param.value
    if isinstance(value, list):  # rate bands
        return _bands(value)
    return money_text(value)


def _bands(bands: list) -> str:
    if len(bands) == 1:
        return fmt_rate(bands[0].rate)
    parts, lower = [], None
    for band in bands:
        if band.upto is None:
            parts.append(f"{money_text(lower)}以上 {fmt_rate(band.rate)}")
        elif lower is None:
            parts.append(f"起付线以上至{money_text(band.upto)} {fmt_rate(band.rate)}")
        else:
            parts.append(f"{money_text(lower)}–{money_text(band.upto)} {fmt_rate(band.rate)}")
        lower = band.upto
    return "；".join(parts)


def _placeholder(param: Param) -> str:
    return f"⟦{id(param)}⟧"


def _mark(param: Param, cited: list[Param]) -> str:
    if all(p is not param for p in cited):
        cited.append(param)
    return _placeholder(param)


def _cell(item: Param | str | tuple[str, list[Param]], cited: list[Param]) -> str:
    """A table cell: plain text, a parameter's value, or a text derived from parameters."""
    if isinstance(item, str):
        return item
    if isinstance(item, tuple):
        text, params = item
        return text + "".join(_mark(p, cited) for p in params)
    return f"{_value(item)}{_mark(item, cited)}"


def _notes(cited: list[Param]) -> list[str]:
    seen: list[str] = []
    for p in cited:
        if p.interpretation and p.interpretation not in seen:
            seen.append(p.interpretation)
    return seen


STAY_ANSWERERS = {"inpatient": inpatient_facts, "critical_illness": critical_illness_facts}
ANSWERERS = {**STAY_ANSWERERS, "contribution": contribution_facts, "waiting_period": waiting_facts}
