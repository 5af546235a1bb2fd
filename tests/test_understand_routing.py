"""Routing over tests/data/routing.jsonl: typed residents' messages with their exact intent, city and slots.

Each line: id, text, city (the argument, or null), today, intent, expected_city and slots (exactly
`Slots.filled()`: every slot the message fills, none other).
"""

import datetime as dt
import json
from pathlib import Path

import pytest

from bot.understanding.understand import understand

ROUTING = Path(__file__).parent / "data" / "routing.jsonl"
CASES = [json.loads(line) for line in ROUTING.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_routing_set_has_at_least_80_messages_over_all_intents_and_cities():
    assert len(CASES) >= 80
    assert {c["intent"] for c in CASES} >= {"calculation", "policy", "comparison", "greeting", "out_of_scope"}
    assert {c["expected_city"] for c in CASES} >= {"连云港", "淮安", "长春", "长治", "随州"}


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_message_routes_to_its_intent_city_and_slots(case):
    result = understand(case["text"], today=dt.date.fromisoformat(case["today"]), city=case["city"])
    assert (result.intent, result.city) == (case["intent"], case["expected_city"]), result.reason
    assert result.slots.filled() == case["slots"]
