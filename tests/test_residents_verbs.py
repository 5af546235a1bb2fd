"""Classes of residents' wording for what the documents say in their own words (corpus/lexicon/).

Documents:
- 长春 手册, 参保缴费指南: "预缴期未缴费的城乡居民	1月1日—9月30日	自缴费之日起满三个月至当年12月31日";
  Q32: "集中预缴期为10月1日至12月31日 … 预缴期后交费，需有3个月待遇等待期".
- 长治 待遇标准: "三类门诊慢性病已纳入人员可继续享受，但不再新纳入人员。"
"""

from __future__ import annotations

import pytest

from bot.answers.compose import compose
from ingest.lexicon import tokenize
from tests.test_compose import passage_with


@pytest.mark.parametrize(("typed", "document"), [("补交", "补缴"), ("断交", "断缴"), ("续交", "续缴"),
                                                  ("代交", "代缴"), ("预交", "预缴"), ("交纳", "缴纳")])
def test_the_pay_character_typed_as_its_commoner_homophone_is_the_documents_word(typed, document):
    assert tokenize(typed) == tokenize(document)


def test_a_missed_period_is_answered_by_the_row_of_those_who_did_not_pay_in_it():
    handbook = passage_with("cc-policy-handbook", "城乡居民如何参保缴费")
    guide = passage_with("cc-policy-handbook", "预缴期未缴费的城乡居民")
    result = compose("长春的预缴期我给错过了，剩下的日子哪段能缴费", [guide, handbook], "长春")
    assert result.answered
    assert "1月1日—9月30日" in result.text


def test_whether_an_office_still_takes_new_applicants_is_answered_by_what_it_no_longer_takes_in():
    rule = passage_with("cz-benefit-tables", "不再新纳")
    other = passage_with("cz-benefit-tables", "两病")
    result = compose("长治的三类门诊慢性病眼下还接受新人办理吗", [rule, other], "长治")
    assert result.answered
    assert "不再新纳入人员" in result.text.replace("\n", "")
