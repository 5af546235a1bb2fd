"""Who set a list: the province or the city, in residents' words (省里定的, 市里规定的, 全省统一的).

淮安 百问百答 Q60: "我市居民医保门特病种范围：省定病种 11 种，市定病种 21 种"; Q13 gives the total instead:
"目前我市居民门诊特殊病病种达到33种".
"""

from __future__ import annotations

import pytest

from bot.answers.compose import compose
from tests.test_compose import passage_with


@pytest.mark.parametrize("question", ["淮安门特里头省里规定的病种是几种", "淮安门特全省统一的病种一共几种"])
def test_a_list_the_province_set_is_answered_by_the_provinces_count(question):
    total = passage_with("ha-2026-100qa", "病种达到 33 种")
    by_who = passage_with("ha-2026-100qa", "省定病种")
    result = compose(question, [total, by_who], "淮安")
    assert result.answered
    assert "省定病种11种" in result.text.replace(" ", "")

