"""The calculators as langchain tools, so that a language model can call them.

Each tool validates its arguments with the calculator's own input model and returns the
calculation's JSON (total, steps with citations, caveats): the figures a model may then quote.
"""

from __future__ import annotations

import json
from typing import Any

from langchain_core.tools import StructuredTool

from calculators.errors import InputError
from calculators.registry import Calculator, calculators, run


def _tool_for(calc: Calculator) -> StructuredTool:
    def call(**kwargs: Any) -> str:
        payload = {k: v for k, v in kwargs.items() if v is not None}
        try:
            return json.dumps(run(calc.name, payload).to_dict(), ensure_ascii=False)
        except InputError as exc:
            return json.dumps({"error": exc.message, "field": exc.field}, ensure_ascii=False)

    return StructuredTool.from_function(
        func=call,
        name=calc.name,
        description=f"{calc.title}：{calc.description}",
        args_schema=calc.input_model,
    )


def calculator_tools() -> list[StructuredTool]:
    return [_tool_for(calc) for calc in calculators().values()]
