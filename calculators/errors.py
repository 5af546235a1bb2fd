"""Errors of the calculators: bad input from a user, and bad rules data from a developer."""

from __future__ import annotations

from collections.abc import Iterable


class InputError(ValueError):
    """Bad input to a calculator. `message` is Chinese, for the resident; `field` names the input."""

    def __init__(self, field: str, message: str, accepted: Iterable[str] | None = None):
        self.field = field
        self.accepted = [str(a) for a in accepted] if accepted is not None else None
        text = message
        if self.accepted:
            text += f"（可选：{'、'.join(self.accepted)}）"
        self.message = text
        super().__init__(f"{field}: {text}")


class RulesError(ValueError):
    """Rules data that does not load: names the file, the field and what is wrong (for a developer)."""

    def __init__(self, path: str, field: str, problem: str):
        self.path, self.field, self.problem = path, field, problem
        super().__init__(f"{path}: {field}: {problem}")
