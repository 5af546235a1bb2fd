"""`yibao bench --quick` on the real index: every serving measure finishes with its figures, and the
measured data dir is left as it was (bench measures a copy)."""

import pytest

from bot.bench.run import BenchOptions, run_bench

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def quick_sections(real_index_dir):
    before = sorted(p.relative_to(real_index_dir) for p in real_index_dir.rglob("*"))
    options = BenchOptions(only=("ask", "memory", "startup", "throughput"), quick=True, data_dir=real_index_dir,
                           write=False)
    sections = {s.key: s for s in run_bench(options, log=lambda _: None)}
    after = sorted(p.relative_to(real_index_dir) for p in real_index_dir.rglob("*"))
    return sections, before, after


def test_every_serving_measure_finishes(quick_sections):
    sections, _, _ = quick_sections
    assert {key: s.error for key, s in sections.items()} == {
        "ask": None, "memory": None, "startup": None, "throughput": None}


def test_ask_latency_has_policy_calculation_follow_up_and_decline_routes(quick_sections):
    measures = [row.measure for row in quick_sections[0]["ask"].rows]
    for label in ("policy questions", "calculations", "follow-up turns", "declines", "all answers"):
        assert any(m.startswith(f"{label}: p50") for m in measures), label


def test_peak_memory_is_read_from_proc(quick_sections):
    rows = quick_sections[0]["memory"].rows
    assert any("peak RSS (VmHWM)" in row.measure and row.value.endswith(" MiB") for row in rows)


def test_throughput_is_measured_for_1_4_and_8_clients_without_errors(quick_sections):
    measures = [row.measure for row in quick_sections[0]["throughput"].rows]
    for label in ("1 client", "4 clients", "8 clients"):
        assert any(m.startswith(f"{label}: requests/s (8 answers") for m in measures), label
    assert not any("errors" in m for m in measures)


def test_the_measured_data_dir_is_not_written(quick_sections):
    _, before, after = quick_sections
    assert after == before
