"""Policy parameters kept as data: loading `corpus/rules/<city>.yaml` and choosing what is in force.

File shape (one file per city)::

    city: 连云港
    inpatient:                       # a section: one calculator family's parameters
      - effective_from: 2018-01-01   # a version: what one document says, from a date
        doc_id: lyg-2017-measures    # default document of the quotes below
        params:                      # nested mapping; leaves are parameters
          deductible:
            三级: {value: 800, quote: "三级医院800元"}
      - effective_from: 2019-01-01
        doc_id: lyg-2018-policy-notice
        params:
          rate_adult:
            三级: {value: 0.70, quote: "…分别提高至85%、75%、70%"}

A parameter is a mapping with `value` and `quote` (a string, or a list of strings when one value
rests on several phrases), optionally `doc_id` (overrides the version's) and `interpretation`
(how garbled or ambiguous text was read; shown to the user as a caveat).

The rules in force on a date are the deep merge, in order of `effective_from`, of every version
in force on that date: a later document overrides an earlier one only where it speaks. A list
value is replaced whole. Versions may also carry `effective_to` (inclusive) where a document
says when it stops applying.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any, Generic, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from calculators.errors import InputError, RulesError
from corpus import RULES_DIR
from corpus.catalogue import CITIES

T = TypeVar("T")


class Citation(BaseModel):
    """Where a figure comes from: the document and its exact words."""

    model_config = ConfigDict(frozen=True)

    doc_id: str
    quote: str
    interpretation: str | None = None


class Param(BaseModel, Generic[T]):
    """One policy parameter: its value and the words of the document it comes from."""

    model_config = ConfigDict(frozen=True)

    value: T
    quote: str | list[str]
    doc_id: str
    interpretation: str | None = None

    @field_validator("quote")
    @classmethod
    def _quote_not_empty(cls, v: str | list[str]) -> str | list[str]:
        quotes = [v] if isinstance(v, str) else v
        if not quotes or any(not q.strip() for q in quotes):
            raise ValueError("a quote must be a non-empty exact substring of the document")
        return v

    @property
    def quotes(self) -> list[str]:
        return [self.quote] if isinstance(self.quote, str) else list(self.quote)

    def cite(self) -> Citation:
        return Citation(doc_id=self.doc_id, quote=" … ".join(self.quotes), interpretation=self.interpretation)


# Convenience aliases for section models.
Money = Param[Decimal]
Rate = Param[Decimal]


class Version(BaseModel):
    model_config = ConfigDict(extra="forbid")

    effective_from: dt.date
    effective_to: dt.date | None = None
    doc_id: str
    note: str | None = None
    params: dict[str, Any]

    def in_force_on(self, on: dt.date) -> bool:
        return self.effective_from <= on and (self.effective_to is None or on <= self.effective_to)


def is_param(node: Any) -> bool:
    return isinstance(node, Mapping) and "value" in node and "quote" in node


def _stamp_doc_id(node: Any, doc_id: str) -> Any:
    """Give every parameter under `node` its document, unless it names one itself."""
    if is_param(node):
        return {"doc_id": doc_id, **node}
    if isinstance(node, Mapping):
        return {k: _stamp_doc_id(v, doc_id) for k, v in node.items()}
    if isinstance(node, list):
        return [_stamp_doc_id(v, doc_id) for v in node]
    return node


def deep_merge(base: Mapping[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    """Merge `override` into `base`: mappings merge key by key; parameters and lists are replaced."""
    merged = dict(base)
    for key, value in override.items():
        old = merged.get(key)
        if isinstance(old, Mapping) and isinstance(value, Mapping) and not is_param(value) and not is_param(old):
            merged[key] = deep_merge(old, value)
        else:
            merged[key] = value
    return merged


# The sections of a rules file by the names residents know the benefits by (messages they read).
SECTION_NAMES: dict[str, str] = {
    "inpatient": "住院", "critical_illness": "大病保险", "outpatient": "普通门诊",
    "outpatient_accident": "门诊意外伤害", "two_diseases": "两病门诊用药", "chronic_disease": "门诊慢特病",
    "special_drugs": "门诊特药", "fixed_payment": "定额结算", "contributions": "个人缴费",
    "waiting_period": "待遇开始时间", "assistance": "医疗救助", "long_term_care": "长期护理保险",
    "maternity": "生育",
}
# Sections a calculation can be asked of (assistance_classes only sorts recipients into classes).
CALCULABLE_SECTIONS = frozenset(SECTION_NAMES)


class CityRules(BaseModel):
    """All versions of every section of one city's rules file."""

    model_config = ConfigDict(frozen=True)

    city: str
    path: str
    sections: dict[str, tuple[Version, ...]]

    def versions(self, section: str) -> tuple[Version, ...]:
        if section not in self.sections:
            # the resident reads this: benefits by their Chinese names, never the sections' identifiers
            asked = SECTION_NAMES.get(section, "这一项待遇")
            raise InputError(
                "benefit",
                f"{self.city}的政策文件没有规定{asked}的计算参数",
                accepted=[SECTION_NAMES.get(name, name) for name in sorted(self.sections)
                          if name in CALCULABLE_SECTIONS],
            )
        return self.sections[section]

    def raw_in_force(self, section: str, on: dt.date) -> dict[str, Any]:
        versions = [v for v in self.versions(section) if v.in_force_on(on)]
        if not versions:
            first = min(v.effective_from for v in self.versions(section))
            raise InputError(
                "date",
                f"{on.isoformat()}时{self.city}这项政策尚未施行（现有文件最早自{first.isoformat()}起施行）",
            )
        merged: dict[str, Any] = {}
        for version in sorted(versions, key=lambda v: v.effective_from):
            merged = deep_merge(merged, _stamp_doc_id(version.params, version.doc_id))
        return merged

    def in_force(self, section: str, on: dt.date, model: type[BaseModel]) -> BaseModel:
        """The section's parameters in force on `on`, validated into `model`."""
        raw = self.raw_in_force(section, on)
        try:
            return model.model_validate(raw)
        except ValidationError as exc:
            raise RulesError(self.path, f"{section} (in force on {on})", _describe(exc)) from exc

    def all_params(self) -> list[tuple[str, Param[Any]]]:
        """Every parameter of every version, with a dotted location (for the quote check)."""
        found: list[tuple[str, Param[Any]]] = []

        def walk(node: Any, where: str) -> None:
            if is_param(node):
                found.append((where, Param[Any].model_validate(node)))
            elif isinstance(node, Mapping):
                for k, v in node.items():
                    walk(v, f"{where}.{k}")
            elif isinstance(node, list):
                for i, v in enumerate(node):
                    walk(v, f"{where}[{i}]")

        for section, versions in self.sections.items():
            for i, version in enumerate(versions):
                walk(_stamp_doc_id(version.params, version.doc_id), f"{section}[{i}]")
        return found


def _describe(exc: ValidationError) -> str:
    return "; ".join(
        f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()
    )


def parse_city_rules(raw: Any, path: str) -> CityRules:
    if not isinstance(raw, Mapping) or "city" not in raw:
        raise RulesError(path, "city", "the file must be a mapping with a `city` key")
    city = raw["city"]
    if city not in CITIES:
        raise RulesError(path, "city", f"{city!r} is not one of {CITIES}")
    sections: dict[str, tuple[Version, ...]] = {}
    for name, versions in raw.items():
        if name == "city":
            continue
        if not isinstance(versions, list) or not versions:
            raise RulesError(path, name, "a section must be a non-empty list of versions")
        parsed = []
        for i, version in enumerate(versions):
            try:
                parsed.append(Version.model_validate(version))
            except ValidationError as exc:
                raise RulesError(path, f"{name}[{i}]", _describe(exc)) from exc
        sections[name] = tuple(sorted(parsed, key=lambda v: v.effective_from))
    rules = CityRules(city=city, path=path, sections=sections)
    try:
        rules.all_params()  # every parameter must have the shape of a Param
    except ValidationError as exc:
        raise RulesError(path, "parameter", _describe(exc)) from exc
    return rules


def rules_path(city: str, rules_dir: Path = RULES_DIR) -> Path:
    return rules_dir / f"{city}.yaml"


@lru_cache(maxsize=16)
def load_city_rules(city: str, rules_dir: Path = RULES_DIR) -> CityRules:
    """Load and validate one city's rules file; unknown cities raise `InputError`."""
    if city not in CITIES:
        raise InputError("city", f"暂不支持“{city}”的政策计算", accepted=CITIES)
    path = rules_path(city, rules_dir)
    if not path.exists():
        raise RulesError(str(path), "file", "no rules file for this city")
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise RulesError(str(path), "yaml", str(exc)) from exc
    return parse_city_rules(raw, str(path))
