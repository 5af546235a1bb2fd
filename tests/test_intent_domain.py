"""A message is in the scheme's domain by any name the lexicon gives a domain term, or by an illness it knows."""

from __future__ import annotations

import pytest

from bot.understanding.intent import classify_intent
from bot.understanding.slots import extract_slots


def _intent(text: str) -> str:
    return classify_intent(text, extract_slots(text), [], city_given=True).intent


@pytest.mark.parametrize("text", ["门慢的资格怎么去申请", "门特办下来要多久", "封顶额今年变了没"])
def test_a_short_name_of_a_policy_term_puts_the_message_in_the_domain(text):
    assert _intent(text) == "policy"


def test_an_illness_the_lexicon_knows_puts_the_message_in_the_domain():
    assert _intent("得了尿毒症以后一年自己要出多少钱") == "policy"


@pytest.mark.parametrize("text", ["家里人都在外地打工怎么办", "户口迁移要带什么证件"])
def test_a_message_naming_nothing_of_the_scheme_stays_outside_it(text):
    assert _intent(text) == "out_of_scope"
