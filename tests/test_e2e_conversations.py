"""End to end on the real index: conversations of several turns in one session.

tests/data/conversations.jsonl: each turn says what the resident types (the text of a button they
press, or a follow-up such as 那二级医院呢？/ 如果花了8万呢？/ 我是学生 / 那长春呢？) and what the
answer must hold: the buttons offered (`follow_up`), the exact calculation `total` with its hand
`working`, a cited document (`doc_id`), `facts` stated, or the `intent`. The quotes behind the
figures are checked against the documents by tests/test_e2e_data.py.
"""

from __future__ import annotations

import pytest

from bot.evaluation.matching import fact_in_answer
from tests.e2e_support import CONVERSATIONS, service_on, with_known_failures

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def service(real_index_dir):
    return service_on(real_index_dir)


def check_turn(answer, expect: dict) -> None:
    if "follow_up" in expect:
        assert answer.follow_up is not None, answer.answer
        assert set(expect["follow_up"]) <= set(answer.follow_up.choices)
        assert answer.calculation is None
    if "total" in expect:
        assert answer.calculation is not None, answer.answer
        assert answer.calculation["total"] == expect["total"], (expect["working"], answer.calculation["inputs"])
    if "intent" in expect:
        assert answer.intent == expect["intent"]
    if "doc_id" in expect:
        assert expect["doc_id"] in [c.doc_id for c in answer.citations], answer.answer
    if "facts" in expect:
        assert not answer.refused
        assert [f for f in expect["facts"] if not fact_in_answer(f, answer.answer)] == [], answer.answer


@pytest.mark.parametrize("conversation", with_known_failures(CONVERSATIONS, {}))
def test_a_conversation_gives_the_right_answer_at_every_turn(service, conversation):
    session_id = None
    for n, turn in enumerate(conversation["turns"], start=1):
        answer = service.answer(turn["say"], session_id=session_id)
        session_id = answer.session_id
        try:
            check_turn(answer, turn["expect"])
        except AssertionError as exc:
            raise AssertionError(f"turn {n} «{turn['say']}»: {exc}") from exc


def test_a_new_session_does_not_inherit_another_ones_case(service):
    first = service.answer("淮安二级医院住院花了2万报多少")
    other = service.answer("那长春呢？")
    assert first.session_id != other.session_id
    assert other.calculation is None
