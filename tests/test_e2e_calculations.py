"""End to end on the real index: calculations asked the way residents type them.

The messages are in tests/data/e2e_questions.jsonl (kind `calculation`), each with the figure
worked out by hand (`working`) from the quoted passages (`quotes`, checked against the documents by
tests/test_e2e_data.py). Amounts come as 3万 / 三万五 / 1.2万元 / 30000块, hospitals as 三甲 /
市级三级 / 乡镇卫生院 / 社区医院. The answer must state the figure and the calculation's total must
be exactly it.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from bot.evaluation.matching import figure_stated
from tests.e2e_support import items, service_on, with_known_failures

pytestmark = pytest.mark.slow

KNOWN_FAILURES: dict[str, str] = {}  # id -> why it fails (strict xfail); none known now


@pytest.fixture(scope="module")
def service(real_index_dir):
    return service_on(real_index_dir)


def _expected(item):
    if item["unit"] == "date":
        return dt.date.fromisoformat(item["expected"])
    return Decimal(str(item["expected"]))


@pytest.mark.parametrize("item", with_known_failures(items("calculation"), KNOWN_FAILURES))
def test_a_calculation_message_gets_the_exact_figure_with_its_sources(service, item):
    answer = service.answer(item["question"])
    assert answer.intent == "calculation" and answer.calculation is not None, answer.answer
    assert answer.calculation["total"] == item["expected"], (item["working"], answer.calculation["inputs"])
    assert figure_stated(_expected(item), answer.answer), answer.answer
    assert {q["doc_id"] for q in item["quotes"]} & {c.doc_id for c in answer.citations}


def test_a_question_for_the_final_share_gets_every_payer_in_the_steps(service):
    """长治 low-income resident, 2万 in a 乡镇卫生院: basic 16915, 大病保险 0 (burden 3085 < 5000), 救助 2159.5."""
    answer = service.answer("长治低保户 在乡镇卫生院住院花了2万 基本医保 大病 救助都算上 最后自己要付多少")
    amounts = {step["label"]: step["amount"] for step in answer.calculation["steps"]}
    assert answer.calculation["name"] == "settlement"
    assert (amounts["基本医保统筹基金支付"], amounts["大病保险支付"], amounts["医疗救助支付"]) == (16915.0, 0.0, 2159.5)


def test_a_household_without_details_is_priced_as_adults_and_says_so(service):
    """连云港 2026: “其他成年居民每人每年440元” — 3 × 440."""
    answer = service.answer("我家3口人在连云港参保，2026年一共要交多少钱")
    assert answer.calculation["total"] == 1320.0
    assert "均按成年居民计算" in answer.answer


def test_a_college_student_in_changchun_pays_as_a_student_and_the_answer_says_so(service):
    """长春's table lists only “2021年缴费金额 (成年/未成年) 320/200”; 320 + 200."""
    answer = service.answer("长春2021年我和女儿交医保，我是成年人，女儿在读大学，一共交多少")
    assert answer.calculation["total"] == 520.0
    assert "按在校学生计算" in answer.answer
