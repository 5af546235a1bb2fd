"""A hospital, in residents' words, is what the documents call a 医疗机构.

长春 手册 Q34: "血液透析低自付实现了在市级医疗机构只需自付800元、区级定点机构只需自付600元"; Q2 gives the
deductibles by hospital: "三级（市级）医院800元，二级（县区级）医院400元".
"""

from __future__ import annotations

from bot.answers.compose import compose
from tests.test_compose import passage_with


def test_a_treatments_own_share_at_a_named_hospital_is_answered_by_the_sentence_naming_that_care():
    deductible = passage_with("cc-policy-handbook", "需要先支付起付线")
    dialysis = passage_with("cc-policy-handbook", "只需自付800元")
    result = compose("长春做血透在市级医院一年个人要掏多少", [deductible, dialysis], "长春")
    assert result.answered
    assert "市级医疗机构只需自付800元" in result.text
    assert "起付线" not in result.text
