"""A stand-in for `bot.service.Service` with fixed answers, for the page, server and CLI tests.

The calculation answer is the real one: the 淮安 inpatient calculator run on 三级, 50000 元, with the
citations and markdown table of `bot.answers.calc_render` — only retrieval and routing are skipped.
"""

from __future__ import annotations

import time

from bot.answers.calc_render import citations_for, render
from bot.answers.model import Answer, Citation, FollowUp
from bot.retrieval.passage import Passage
from calculators.registry import run

POLICY_TEXT = "淮安：一级医院起付线 300 元，二级医院 600 元，三级医院 900 元[1]。"
PASSAGE = "起付线\t报销比例\n一级医院\t300 元\t85%\n二级医院\t600 元\t75%\n三级医院\t900 元\t65%"
CALC_TOTAL = "31915"
FOLLOW_UP = FollowUp("请问您在哪一级医院住院？", ("一级", "二级", "三级"), slot="level")


def calculation_answer() -> Answer:
    """淮安 Q60: “三级医院 900 元 65%”: (50000 − 900) × 65% = 31915."""
    calculation = run("inpatient", {"city": "淮安", "level": "三级", "cost": 50000, "date": "2026-06-01"}).to_dict()
    citations, numbers = citations_for(calculation)
    text = render(calculation, ["三级医院", "合规费用50000元"], numbers)
    return Answer(text, intent="calculation", citations=citations, calculation=calculation, city="淮安")


class FakeService:
    """Answers by keyword: 能报/报销多少 -> calculation, 住院 without a level -> follow-up, boom -> error,
    anything else -> a policy answer quoting the question and citing one passage; a question
    starting with 慢 takes `SLOW_S` seconds."""

    SLOW_S = 3.0

    def __init__(self, store=None, passage_text: str = PASSAGE):
        self.store = store
        self.passage_text = passage_text
        self.asked: list[tuple[str, str | None, str | None]] = []

    def answer(self, question: str, city: str | None = None, session_id: str | None = None) -> Answer:
        self.asked.append((question, city, session_id))
        session_id = session_id or f"fake-session-{len(self.asked)}"
        if question.startswith("慢"):
            time.sleep(self.SLOW_S)
        if "boom" in question:
            raise RuntimeError("index exploded")
        if "能报" in question or "报销多少" in question:
            answer = calculation_answer()
        elif question.startswith("住院"):
            answer = Answer(FOLLOW_UP.question, intent="calculation", follow_up=FOLLOW_UP)
        else:
            citation = Citation(1, "ha-2026-100qa", "淮安", "全民参保百问百答", "六十、住院医疗待遇",
                                "2025-09-01", "https://example.org/ha", self.passage_text)
            answer = Answer(f"{POLICY_TEXT}\n\n（您的问题：{question}）", intent="policy", citations=[citation],
                            city=city)
        answer.session_id = session_id
        return answer

    def answer_for_evaluation(self, question: str, city: str | None = None):
        """What the evaluator's tab answers with (the real service builds its own, recording nothing)."""
        return self.answer(question, city=city)

    def search(self, query: str, city: str | None = None, k: int = 5) -> list[Passage]:
        passage = Passage("ha#1", "ha-2026-100qa", "淮安", "六十", "六十、住院医疗待遇", "qa", "2025-09-01",
                          0.5, self.passage_text, doc_title="全民参保百问百答")
        return [passage][:k]

    def health(self) -> dict[str, str]:
        return {"index": "fake"}
