"""Metrics of a run: shares over the items each metric counts, null when there are none."""

from __future__ import annotations

from bot.evaluation.metrics import METRICS, metrics, summarize
from bot.evaluation.scoring import ItemResult


def factual(id_: str, city: str | None = "淮安", *, hit1=None, hit5=None, facts=None, expect_refusal=False,
            refused=False, latency=10.0) -> ItemResult:
    return ItemResult(id=id_, kind="factual", city=city, question="问", latency_ms=latency, hit_at_1=hit1,
                      hit_at_5=hit5, facts_ok=facts, expect_refusal=expect_refusal, refused=refused)


def calculation(id_: str, ok: bool, city: str | None = "淮安", latency=10.0) -> ItemResult:
    return ItemResult(id=id_, kind="calculation", city=city, question="算", latency_ms=latency, calc_ok=ok)


def test_every_metric_is_null_without_items():
    assert metrics([]) == {"n": 0, **{m: None for m in METRICS if m != "n"}}


def test_hit_rates_count_only_items_with_a_source_quote():
    results = [factual("a", hit1=True, hit5=True), factual("b", hit1=False, hit5=True),
               factual("c", hit1=False, hit5=False), factual("d", expect_refusal=True, refused=True)]
    m = metrics(results)
    assert (m["hit_at_1"], m["hit_at_5"]) == (0.3333, 0.6667)


def test_fact_recall_counts_items_with_facts():
    results = [factual("a", facts=True), factual("b", facts=False), factual("c", hit5=True)]
    assert metrics(results)["fact_recall"] == 0.5


def test_refusal_precision_and_recall():
    results = [
        factual("r1", expect_refusal=True, refused=True),
        factual("r2", expect_refusal=True, refused=False),
        factual("r3", expect_refusal=True, refused=True),
        factual("a", facts=False, refused=True),  # refused a question it should have answered
        factual("b", facts=True),
    ]
    m = metrics(results)
    assert (m["refusal_precision"], m["refusal_recall"]) == (0.6667, 0.6667)


def test_false_refusal_rate_is_the_share_of_answerable_questions_refused():
    results = [
        factual("a", facts=False, refused=True),
        factual("b", facts=True),
        factual("c", facts=True),
        factual("d", facts=True),
        factual("r", expect_refusal=True, refused=True),  # a right refusal is not a false one
    ]
    assert metrics(results)["false_refusal_rate"] == 0.25


def test_false_refusal_rate_is_null_when_every_question_expects_a_refusal():
    assert metrics([factual("r", expect_refusal=True, refused=True)])["false_refusal_rate"] is None


def test_refusal_precision_is_null_when_nothing_was_refused():
    m = metrics([factual("r1", expect_refusal=True, refused=False), factual("a", facts=True)])
    assert (m["refusal_precision"], m["refusal_recall"]) == (None, 0.0)


def test_refusal_recall_is_null_without_items_expecting_a_refusal():
    m = metrics([factual("a", facts=False, refused=True)])
    assert (m["refusal_precision"], m["refusal_recall"]) == (0.0, None)


def test_refusals_of_calculation_items_do_not_count_for_refusal_metrics():
    refused_calc = calculation("c", ok=False)
    refused_calc.refused = True
    m = metrics([refused_calc, factual("r", expect_refusal=True, refused=True)])
    assert m["refusal_precision"] == 1.0


def test_calc_accuracy_is_null_without_calculation_items():
    assert metrics([factual("a", facts=True)])["calc_accuracy"] is None


def test_calc_accuracy_counts_calculation_items():
    results = [calculation("c1", True), calculation("c2", True), calculation("c3", False), factual("a", facts=True)]
    assert metrics(results)["calc_accuracy"] == 0.6667


def test_latency_percentiles_interpolate_over_all_items():
    results = [factual(str(i), facts=True, latency=float(ms)) for i, ms in enumerate([10, 20, 30, 40, 1000])]
    m = metrics(results)
    assert (m["latency_ms_p50"], m["latency_ms_p95"]) == (30.0, 808.0)


def test_summary_has_the_design_keys_then_city_and_kind_groups():
    summary = summarize([factual("a", facts=True), calculation("c", True, city="长春")])
    assert list(summary) == [*METRICS, "by_city", "by_kind"]
    assert all(list(group) == list(METRICS) for group in summary["by_city"].values())
    assert all(list(group) == list(METRICS) for group in summary["by_kind"].values())


def test_groups_by_city_in_catalogue_order_with_general_last():
    summary = summarize([factual("g", city=None, facts=True), factual("a", city="随州", facts=False),
                         calculation("c", True, city="连云港")])
    assert list(summary["by_city"]) == ["连云港", "随州", "通用"]
    assert summary["by_city"]["随州"]["fact_recall"] == 0.0
    assert summary["by_city"]["通用"]["n"] == 1


def test_groups_by_kind():
    summary = summarize([factual("a", facts=True), calculation("c1", True), calculation("c2", False)])
    assert summary["by_kind"]["calculation"]["calc_accuracy"] == 0.5
    assert summary["by_kind"]["factual"]["calc_accuracy"] is None
