"""Question files for `yibao eval`: UTF-8 JSONL, one item per line, factual and calculation items mixed.

Factual item: `{"id", "city" (or null), "question", "answer_facts": [...], "source_quote" (or null),
"expect_refusal": bool}`. Calculation item (it has `expected`): `{"id", "city", "question",
"expected" (a number, or an ISO date for unit "date"), "unit", "tolerance"}`.

`load_items(paths)` validates every line and raises `DatasetError` listing each problem as
`FILE:LINE: field: what is wrong`. Keys the format does not know are ignored (reported by
`unknown_keys`), so a file with extra annotations still runs.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Annotated, ClassVar, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictFloat,
    StrictInt,
    StrictStr,
    ValidationError,
    model_validator,
)

from corpus.catalogue import CITIES

City = Literal[CITIES]
NonEmpty = Annotated[StrictStr, Field(min_length=1)]
MAX_PROBLEMS = 20  # problems listed before the error stops counting


class DatasetError(ValueError):
    """A question file that cannot be read: every problem with its file, line and field."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        shown = problems[:MAX_PROBLEMS]
        more = f"\n... and {len(problems) - MAX_PROBLEMS} more" if len(problems) > MAX_PROBLEMS else ""
        super().__init__("\n".join(shown) + more)


class FactualItem(BaseModel):
    """A policy question: facts the answer must hold, the passage that supports them, or a refusal."""

    model_config = ConfigDict(frozen=True, extra="ignore")
    kind: ClassVar[str] = "factual"

    id: NonEmpty
    city: City | None = None
    question: NonEmpty
    answer_facts: list[NonEmpty] = Field(default_factory=list)
    source_quote: NonEmpty | None = None
    expect_refusal: StrictBool = False

    @model_validator(mode="after")
    def _something_to_score(self) -> FactualItem:
        if not self.expect_refusal and not self.answer_facts and self.source_quote is None:
            raise ValueError("an item that does not expect a refusal needs answer_facts or a source_quote")
        return self


class CalculationItem(BaseModel):
    """A fully specified calculation: the figure (yuan) or date (unit "date") the answer must state."""

    model_config = ConfigDict(frozen=True, extra="ignore")
    kind: ClassVar[str] = "calculation"

    id: NonEmpty
    city: City | None = None
    question: NonEmpty
    expected: StrictInt | StrictFloat | StrictStr
    unit: NonEmpty
    tolerance: Annotated[StrictInt | StrictFloat, Field(ge=0)] = 0

    @model_validator(mode="after")
    def _expected_fits_unit(self) -> CalculationItem:
        if self.unit == "date":
            if not isinstance(self.expected, str):
                raise ValueError("expected: unit 'date' needs an ISO date string such as '2026-10-05'")
            try:
                dt.date.fromisoformat(self.expected)
            except ValueError:
                raise ValueError(f"expected: {self.expected!r} is not an ISO date (YYYY-MM-DD)") from None
        elif isinstance(self.expected, str):
            raise ValueError(f"expected: unit {self.unit!r} needs a number, got the string {self.expected!r}")
        return self

    @property
    def is_date(self) -> bool:
        return self.unit == "date"

    @property
    def expected_value(self) -> Decimal | dt.date:
        if self.is_date:
            return dt.date.fromisoformat(str(self.expected))
        return Decimal(str(self.expected))


Item = FactualItem | CalculationItem
_FIELDS = set(FactualItem.model_fields) | set(CalculationItem.model_fields)


def parse_item(data: object) -> Item:
    """One item from its JSON object; a calculation item is one with an `expected` key."""
    if not isinstance(data, dict):
        raise ValueError(f"each line must be a JSON object, got {type(data).__name__}")
    model = CalculationItem if "expected" in data else FactualItem
    return model.model_validate(data)


def unknown_keys(data: dict) -> set[str]:
    return set(data) - _FIELDS


def _describe(error: ValidationError) -> list[str]:
    problems = []
    for e in error.errors():
        field = ".".join(str(part) for part in e["loc"])
        message = e["msg"].removeprefix("Value error, ")
        problems.append(f"{field}: {message}" if field else message)  # item-level messages name the field
    return problems


def read_file(path: Path) -> tuple[list[tuple[int, Item]], list[str], list[str]]:
    """(line, item) of one file, the problems found (as `FILE:LINE: ...`) and warnings (unknown keys)."""
    items: list[tuple[int, Item]] = []
    problems: list[str] = []
    warnings: list[str] = []
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return [], [f"{path}: no such file"], []
    except UnicodeDecodeError as exc:
        return [], [f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})"], []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(f"{where}: not valid JSON ({exc.msg} at column {exc.colno})")
            continue
        try:
            items.append((number, parse_item(data)))
        except ValidationError as exc:
            problems.extend(f"{where}: {p}" for p in _describe(exc))
            continue
        except ValueError as exc:
            problems.append(f"{where}: {exc}")
            continue
        extra = unknown_keys(data)
        if extra:
            warnings.append(f"{where}: ignored unknown keys {', '.join(sorted(extra))}")
    if not items and not problems:
        problems.append(f"{path}: no items (the file is empty)")
    return items, problems, warnings


def load_items(paths: Iterable[str | Path], city: str | None = None) -> tuple[list[Item], list[str]]:
    """Every item of the files, in order, and the warnings; `city` replaces each item's city.

    Raises `DatasetError` when a line is not a valid item or an id occurs twice.
    """
    if city is not None and city not in CITIES:
        raise DatasetError([f"--city {city!r}: accepted values are {', '.join(CITIES)}"])
    items: list[Item] = []
    problems: list[str] = []
    warnings: list[str] = []
    first_seen: dict[str, str] = {}
    for path in map(Path, paths):
        file_items, file_problems, file_warnings = read_file(path)
        problems.extend(file_problems)
        warnings.extend(file_warnings)
        for number, item in file_items:
            if item.id in first_seen:
                problems.append(f"{path}:{number}: id: {item.id!r} is already used at {first_seen[item.id]}")
                continue
            first_seen[item.id] = f"{path}:{number}"
            items.append(item if city is None else item.model_copy(update={"city": city}))
    if problems:
        raise DatasetError(problems)
    return items, warnings
