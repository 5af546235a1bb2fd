"""What the resident pays out of pocket (掏, 出钱, 自付): the premium, or the own share of care.

"自己掏多少" after nothing but the scheme or a group asks the contribution (the premium tables); after a
treatment, an illness or a hospital it asks the own share of that care's cost, which no contribution
table states (长春 手册 Q34: "血液透析低自付实现了在市级医疗机构只需自付800元、区级定点机构只需自付600元").
"""

import pytest

from bot.answers.facts import figure_ask
from bot.understanding.understand import understand


def _ask(question: str):
    u = understand(question)
    return figure_ask(u.normalized, u.slots)


@pytest.mark.parametrize("question", [
    "做血液透析在区级医院一年自己得掏多少钱",
    "透析的话在市级定点医院个人一年要掏多少",
])
def test_out_of_pocket_after_a_treatment_is_no_contribution_ask(question):
    ask = _ask(question)
    assert ask is None or ask.benefit != "contribution"


@pytest.mark.parametrize("question", [
    "连云港的合作医疗今年自己掏多少钱",
    "随州的低保户参加居民医保个人出多少",
])
def test_out_of_pocket_with_no_care_named_asks_the_contribution(question):
    ask = _ask(question)
    assert ask is not None and ask.benefit == "contribution"
