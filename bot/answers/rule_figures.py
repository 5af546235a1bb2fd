"""A benefit's figures read straight off its rules section: 门诊统筹, 两病, 医疗救助, 门诊慢特病.

`facts.py` answers the inpatient stay, 大病保险, contributions and the waiting period with answerers
shaped for them. The other sections of `corpus/rules/` hold their figures in trees of their own
(by facility, by person group, by disease, by scheme), so they are answered by one reader of the
tree: every parameter whose key `corpus/lexicon/rule_figures.yaml` names as a figure of the aspect
asked (起付线, 比例, 限额) becomes a cell, in a row named by the Chinese keys above it (三级医院,
特困人员 · 倾斜救助, 高血压). Rows the question names (a level, a facility, a group, a disease) are
kept alone; with none named every row is shown, as a table. A disease table too long to show whole
is left to the passages.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from bot.answers.recipient_classes import RecipientClass, class_of, classes_in_force, named_classes
from bot.understanding.slots import Slots, extract_slots
from calculators.errors import InputError
from calculators.result import fmt_rate
from calculators.rules import Param, is_param, load_city_rules
from corpus import LEXICON_DIR
from corpus.word_classes import alternation, load_word_classes

VOCABULARY_PATH = LEXICON_DIR / "rule_figures.yaml"
MAX_ROWS = 12  # more rows than this (a whole disease list) is not an answer: the passages explain it
ROW_SEPARATOR = " · "
# what a row name may carry beyond what residents say of it: 三级医院 is named by 三级, 特困人员 by 特困
_NAME_SUFFIXES = ("医院", "医疗机构", "人员", "对象", "人口", "家庭成员", "患者")
# and the care setting a kind of care is named with: 门诊特药 is named by 特药, 门诊慢性病 by 慢性病
_NAME_PREFIXES = ("门诊",)
_BRACKETED = re.compile(r"[（(][^）)]*[）)]")


@dataclass(frozen=True)
class Vocabulary:
    sections: dict[str, dict[str, Any]]  # benefit -> {section, name, not_when}
    params: dict[str, dict[str, str]]  # rules key -> {aspect, label, unit}
    groups: dict[str, str]  # rules key of a sub-rule -> its Chinese name
    together: tuple[str, ...] = ()  # words saying a joint rule's parts apply at once


@lru_cache(maxsize=4)
def load_vocabulary(path: Path = VOCABULARY_PATH) -> Vocabulary:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return Vocabulary(raw["sections"], raw["params"], raw.get("groups") or {}, tuple(raw.get("together") or ()))


def answers_benefit(benefit: str | None, path: Path = VOCABULARY_PATH) -> bool:
    """Whether the benefit's figures are read from its rules section here."""
    return benefit in load_vocabulary(path).sections


def section_of(benefit: str, path: Path = VOCABULARY_PATH) -> tuple[str, str] | None:
    """The rules section that holds the benefit's figures and the benefit's Chinese name."""
    section = load_vocabulary(path).sections.get(benefit)
    return (section["section"], section["name"]) if section else None


def none_given(city: str, benefit: str, path: Path = VOCABULARY_PATH) -> bool:
    """Whether the city's documents give no figure of the benefit: its rules data is complete for
    every city (`complete`) and the city has no section of it."""
    section = load_vocabulary(path).sections.get(benefit, {})
    return bool(section.get("complete")) and section["section"] not in load_city_rules(city).sections


def beside(benefit: str, path: Path = VOCABULARY_PATH) -> frozenset[str]:
    """The other benefits a question may name with this one: the care it pays on (医疗救助 of a stay)."""
    return frozenset(load_vocabulary(path).sections.get(benefit, {}).get("beside") or ())


def benefit_of_recipients(groups: list[str], path: Path = VOCABULARY_PATH) -> str | None:
    """The benefit whose own recipients a named group is (医疗救助对象 → assistance), if any."""
    return next((b for b, s in load_vocabulary(path).sections.items() if set(groups) & set(s.get("recipients") or ())),
                None)


def recipient_classes(city: str, benefit: str, on: dt.date, path: Path = VOCABULARY_PATH) -> list[RecipientClass]:
    """The classes the city's documents number the benefit's recipients in (empty when they number none)."""
    section = load_vocabulary(path).sections.get(benefit, {}).get("classes")
    return classes_in_force(city, section, on) if section else []


def classes_named(text: str, benefit: str, classes: list[RecipientClass], path: Path = VOCABULARY_PATH
                  ) -> list[RecipientClass]:
    """The recipients' classes a question names by number (第三类救助对象)."""
    not_before = tuple(load_vocabulary(path).sections.get(benefit, {}).get("class_not_before") or ())
    return named_classes(text, classes, not_before)


def names_other_care(benefit: str, text: str, path: Path = VOCABULARY_PATH) -> bool:
    """Whether the question names a kind of care with rules of its own beside the benefit (门诊特殊病,
    学生意外伤害 for a 门诊 question)."""
    words = load_vocabulary(path).sections.get(benefit, {}).get("not_when") or ()
    return any(word in text for word in words)


@dataclass(frozen=True)
class Figure:
    row: tuple[str, ...]  # the Chinese names above the parameter (三级医院; 特困人员, 倾斜救助)
    key: str  # the rules key: its label and unit come from the vocabulary
    param: Param[Any]
    qualifier: tuple[str, ...] = ()  # Chinese keys below the figure's key (高血压 under caps)


def figures_of(tree: Any, vocabulary: Vocabulary) -> list[Figure]:
    """Every figure parameter of a rules tree, in the file's order, with the row it belongs to.

    Chinese keys above a figure's key name its row (三级医院, 特困人员); below it they qualify its
    value (caps → 高血压, 糖尿病; a rate → 市域内, 市域外省内) and stay in one cell."""
    found: list[Figure] = []

    def walk(node: Any, row: tuple[str, ...], key: str | None, qualifier: tuple[str, ...]) -> None:
        if is_param(node):
            value = node.get("value")
            if key is not None and not isinstance(value, bool) and isinstance(value, (int, float, Decimal, type(None))):
                found.append(Figure(row, key, Param[Any].model_validate(node), qualifier))
            return
        if not isinstance(node, dict):
            return
        for k, child in node.items():
            name = str(k)
            if not name.isascii():
                if key is None:
                    walk(child, row + (name,), None, ())
                else:
                    walk(child, row, key, qualifier + (name,))
            elif name in vocabulary.groups:
                walk(child, row + (vocabulary.groups[name],), None, ())
            elif name in vocabulary.params:
                walk(child, row, name, ())
            elif isinstance(child, dict) and not is_param(child) and key is None:
                walk(child, row, None, ())  # a container (facilities, categories, diseases …)

    walk(tree, (), None, ())
    return found


_NUMERAL_TYPES = str.maketrans({"Ⅰ": "一", "Ⅱ": "二", "Ⅲ": "三", "I": "一", "1": "一", "2": "二"})


def _core(name: str) -> str:
    core = _BRACKETED.sub("", name).translate(_NUMERAL_TYPES)
    for prefix in _NAME_PREFIXES:
        if core.startswith(prefix) and len(core) > len(prefix) + 1:
            core = core[len(prefix):]
    for suffix in _NAME_SUFFIXES:
        if core.endswith(suffix) and len(core) > len(suffix) + 1:
            return core[: -len(suffix)]
    return core


# The care settings themselves: a name reading as one of them (门诊特药 reads as 门诊) is not named by
# every question about that setting.
_SETTINGS = frozenset({"outpatient", "inpatient"})


@lru_cache(maxsize=256)
def _groups_named_by(name: str) -> frozenset[str]:
    """The groups of residents a row name reads as (特困人员, 低保对象), by the question's own group reader."""
    return frozenset(extract_slots(name).groups)


@lru_cache(maxsize=256)
def _benefits_named_by(name: str) -> frozenset[str]:
    """The benefits a row or qualifier name is (门诊慢性病 → chronic_disease), settings aside."""
    return frozenset(extract_slots(name).benefits) - _SETTINGS


_BOTH = re.compile(r"和|及|与|、")


def _named(name: str, text: str, slots: Slots) -> bool:
    """Whether the question names this row element (the level, facility, group or disease); a name
    of several (高血压和糖尿病) is named when each of its parts is."""
    parts = _BOTH.split(name)
    if len(parts) > 1 and all(parts):
        return all(_named(part, text, slots) for part in parts)
    groups = _groups_named_by(name)
    if groups:  # a group of residents is named as the question's groups say (低保 is not said in 低保边缘户)
        return bool(groups & set(slots.groups))
    said = {slots.level, slots.facility, *slots.groups, *slots.diseases, *slots.special_diseases} - {None}
    text = text.translate(_NUMERAL_TYPES)  # Ⅰ型, 1型 and 一型 糖尿病 are one name
    if name in said or name in text or _core(name) in text or any(s and _core(s) == _core(name) for s in said):
        return True
    benefits = _benefits_named_by(name)  # a kind of care by any of its names (门诊慢性病: 慢特病, 门特 …)
    return bool(benefits) and benefits <= set(slots.benefits) - {slots.benefit}


def money_text(value: Decimal) -> str:
    """An amount as the documents write it: 240000 -> 24万元, 1500 -> 1500元."""
    if value >= 10000 and value % 10000 == 0:
        return f"{(value / 10000).normalize():f}万元"
    return f"{value.normalize():f}元"


_ZERO_WORDS = load_word_classes(LEXICON_DIR / "zero_figures.txt")
_NONE = re.compile(alternation(_ZERO_WORDS["none"]))
_ZERO_ASPECT = re.compile(
    f"(?:{alternation(_ZERO_WORDS['none'])}).{{0,2}}?(?:{alternation([w for k, ws in _ZERO_WORDS.items() if k != 'none' for w in ws])})")


def zero_words(param: Param[Any]) -> str | None:
    """How the document says a figure is nothing, in its own words: "不设起付标准", "取消封顶线",
    "2022年9月以后取消" (the cell of a table whose row is 起付线); None when its quote says it with no
    word of nothing (“起付标准 80元 0元 0元”: there the value 0元 is the document's word)."""
    for quote in param.quotes:
        text = re.sub(r"\s+", " ", quote).strip()
        match = _ZERO_ASPECT.search(text.replace(" ", ""))
        if match:
            return match.group(0)
        cell = next((c for c in text.split(" ") if _NONE.search(c)), None)
        if cell:
            return cell
    return None


def _cell(figure: Figure, unit: str) -> str:
    value = figure.param.value
    if value is None:
        return "不设"
    number = Decimal(str(value))
    if number == 0 and (words := zero_words(figure.param)) is not None:
        return words
    return fmt_rate(number) if unit == "percent" else money_text(number)


@dataclass
class RuleTable:
    """The figures asked, laid out for `facts._finish`: a title, header, rows of (label, cells)."""

    title: str
    header: list[str]
    rows: list[tuple[str, list[tuple[str, list[Param[Any]]] | str]]]
    general: list[tuple[str, tuple[str, list[Param[Any]]] | str]]  # section-wide figures: (label, cell)

    def quotes(self) -> list[str]:
        """The document words of every figure shown."""
        cells = [c for _, cells in self.rows for c in cells] + [c for _, c in self.general]
        return [q for c in cells if not isinstance(c, str) for p in c[1] for q in p.quotes]


def rule_table(city: str, benefit: str, aspects: set[str], text: str, slots: Slots, on: dt.date,
               today: dt.date, path: Path = VOCABULARY_PATH) -> RuleTable | None:
    """The table of the benefit's figures of `aspects` in force on `on`, or None when the rules
    hold none (or more rows than an answer can show)."""
    vocabulary = load_vocabulary(path)
    section = vocabulary.sections.get(benefit)
    if section is None:
        return None
    try:
        tree = load_city_rules(city).raw_in_force(section["section"], on)
    except InputError:
        return None
    slots = slots.model_copy(update={"benefit": benefit})  # the benefit answered, whatever setting was asked
    classes = recipient_classes(city, benefit, on, path)
    named = classes_named(text, benefit, classes, path)
    if named:  # 第三类救助对象: the groups of that class, whatever group word the class's name reads as
        slots = slots.model_copy(update={"groups": sorted({g for cls in named for g in cls.groups})})
    label = _labeller(section, vocabulary)
    figures = [f for f in figures_of(tree, vocabulary) if vocabulary.params[f.key]["aspect"] in aspects]
    figures = _care_asked(_named_only(figures, text, slots, vocabulary.together), text, slots, vocabulary)
    if not figures:
        return None
    columns = list(dict.fromkeys(label(f.key) for f in figures if f.row))
    by_row: dict[tuple[str, ...], dict[str, list[Figure]]] = {}
    for f in figures:
        by_row.setdefault(f.row, {}).setdefault(label(f.key), []).append(f)
    general = by_row.pop((), {})
    merged = _merge_same_rows(by_row)
    if len(merged) > MAX_ROWS:
        return None
    rows = []
    for labels, cells in merged:
        rows.append((_with_class("、".join(ROW_SEPARATOR.join(r) for r in labels), labels, classes),
                     [_cell_of(cells.get(column, []), vocabulary) for column in columns]))
    # a section-wide figure that the rows state for themselves is only their default
    notes = [(label, _cell_of(fs, vocabulary)) for label, fs in general.items() if label not in columns]
    when = f"{on.year}年" if on != today else "现行"
    return RuleTable(f"{city}城乡居民医保{section['name']}（{when}政策）：", columns if rows else [], rows, notes)


def _labeller(section: dict[str, Any], vocabulary: Vocabulary):
    """A rules key's column name in this section (its own name for the figure, else the vocabulary's)."""
    own = section.get("labels") or {}
    return lambda key: own.get(key) or vocabulary.params[key]["label"]


def _with_class(label: str, rows: list[tuple[str, ...]], classes: list[RecipientClass]) -> str:
    """A row's name with the class its groups all belong to: 特困人员、孤儿（一类医疗救助对象）."""
    found = {class_of(row[0], classes) for row in rows if row}
    if len(found) != 1 or None in found:
        return label
    return f"{label}（{next(iter(found)).name}）"


def _care_asked(figures: list[Figure], text: str, slots: Slots, vocabulary: Vocabulary) -> list[Figure]:
    """The figures of the kind of care asked, where a key's qualifiers are kinds of care of their own
    (`care_kinds`: 门诊慢性病, 门诊特药 under 医疗救助's outpatient rates): naming one asks its figure
    alone; naming 住院 and no such kind asks none of them; naming 门诊 alone asks all of them."""
    kinds = [f for f in figures if vocabulary.params[f.key].get("care_kinds")]
    if not kinds:
        return figures
    named = [f for f in kinds if any(_named(q, text, slots) for q in f.qualifier)]
    if named:
        return named
    if "inpatient" in slots.benefits and "outpatient" not in slots.benefits:
        return [f for f in figures if not vocabulary.params[f.key].get("care_kinds")]
    if "outpatient" in slots.benefits and "inpatient" not in slots.benefits:
        return kinds
    return figures


def _named_only(figures: list[Figure], text: str, slots: Slots, together: tuple[str, ...] = ()) -> list[Figure]:
    """The figures of the rows (and qualifiers) that name most of what the question names; all when it
    names none. Section-wide figures stay. A joint qualifier (高血压和糖尿病) counts as named only when
    the message says its parts apply at once; naming its parts alone then selects nothing."""
    def count(names: tuple[str, ...]) -> int:
        return sum(1 for name in names if _named(name, text, slots))

    best = max((count(f.row) for f in figures), default=0)
    if best:
        figures = [f for f in figures if not f.row or count(f.row) == best]
    named = {q for f in figures for q in f.qualifier if _named(q, text, slots)}
    joint = {q for q in named if len(_BOTH.split(q)) > 1}
    if joint and not any(word in text for word in together):
        named = set()  # both named, not said to apply at once: the benefit itself is named
    named = {q for q in named if not any(q != other and _core(q) in other for other in named)}  # the most specific
    if named:
        figures = [f for f in figures if not f.qualifier or set(f.qualifier) & named]
    return figures


def _cell_of(figures: list[Figure], vocabulary: Vocabulary) -> tuple[str, list[Param[Any]]] | str:
    """One cell: the value (one value for all its qualifiers when they agree, else each named)."""
    if not figures:
        return "—"
    params = list({id(f.param): f.param for f in figures}.values())
    texts = [_cell(f, vocabulary.params[f.key]["unit"]) for f in figures]
    if len(set(texts)) == 1:
        return texts[0], params
    return "；".join(f"{'、'.join(f.qualifier)}{t}" for f, t in zip(figures, texts, strict=True)), params


def _merge_same_rows(by_row: dict[tuple[str, ...], dict[str, list[Figure]]]
                     ) -> list[tuple[list[tuple[str, ...]], dict[str, list[Figure]]]]:
    """Rows stating the same parameters (一级医院, 乡镇卫生院, 村卫生室 sharing one rule) as one row."""
    merged: dict[tuple, tuple[list[tuple[str, ...]], dict[str, list[Figure]]]] = {}
    for row, cells in by_row.items():
        signature = tuple((label, tuple((f.qualifier, f.param.value, f.param.doc_id, tuple(f.param.quotes)) for f in fs))
                          for label, fs in cells.items())
        merged.setdefault(signature, ([], cells))[0].append(row)
    return list(merged.values())
