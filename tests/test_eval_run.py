"""A whole run with a fake answer function: the files written, the command line, compare and gate."""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

import pytest

from bot.answers.model import Answer, Citation
from bot.cli import eval as cmd_eval
from bot.evaluation.compare import compare, format_comparison
from bot.evaluation.dataset import load_items
from bot.evaluation.gate import ThresholdsError, check_gate, format_checks, gate_passed, load_thresholds
from bot.evaluation.metrics import METRICS
from bot.evaluation.runner import answer_items, run_eval

REPO = Path(__file__).resolve().parent.parent

# The 淮安 notice: "2026 年度 ... 各级财政补助标准达到每人不低于 730 元"
FACTUAL = {"id": "F1", "city": "淮安", "question": "淮安 居民医保 财政补助 每人 多少",
           "answer_facts": ["730元"], "source_quote": "达到每人不低于 730 元", "expect_refusal": False}
CALCULATION = {"id": "C1", "city": "长春", "question": "2026年7月15日才交上居民医保费，哪天开始能用？",
               "expected": "2026-10-15", "unit": "date", "tolerance": 1}
REFUSAL = {"id": "R1", "city": None, "question": "<script>alert('x')</script> 美国的医保怎么报销？",
           "answer_facts": [], "source_quote": None, "expect_refusal": True}

PASSAGE = {"doc_id": "huaian-2026", "city": "淮安", "section": "财政补助",
           "text": "各级财政补助标准达到每人不低于\n730元，<b>个人缴费</b>标准……"}


class FakeAnswers:
    """Answers by question; records each call (question, city)."""

    def __init__(self, answers: dict[str, Answer]):
        self.answers = answers
        self.calls: list[tuple[str, str | None]] = []

    def __call__(self, question: str, city: str | None) -> Answer:
        self.calls.append((question, city))
        return self.answers[question]


def good_answers() -> FakeAnswers:
    return FakeAnswers({
        FACTUAL["question"]: Answer(
            answer="2026年淮安居民医保财政补助每人不低于730元[1]。", intent="policy",
            citations=[Citation(1, "huaian-2026", "淮安", "通知", "财政补助", "2025-09-01", None, PASSAGE["text"])],
            retrieved=[PASSAGE], timings_ms={"retrieve": 12.5}),
        CALCULATION["question"]: Answer(
            answer="从2026年10月15日起享受待遇。", intent="calculation",
            calculation={"name": "waiting_period", "inputs": {}, "total": "2026-10-15", "unit": "date",
                         "steps": [], "caveats": []}),
        REFUSAL["question"]: Answer(answer="抱歉，文件中没有这方面的规定。", intent="out_of_scope", refused=True),
    })


def write_jsonl(path: Path, *rows: object) -> Path:
    lines = [row if isinstance(row, str) else json.dumps(row, ensure_ascii=False) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def three(tmp_path) -> Path:
    return write_jsonl(tmp_path / "three.jsonl", FACTUAL, CALCULATION, REFUSAL)


# ---------------------------------------------------------------------------------------------
# a run


def test_run_writes_every_file(three, tmp_path):
    out = tmp_path / "run"
    run_eval([three], out, answer_fn=good_answers(), progress=False, warmup=False)
    assert sorted(p.name for p in out.iterdir()) == [
        "answers.jsonl", "chart.png", "report.html", "report.md", "summary.json"]


def test_summary_json_has_exactly_the_design_keys_and_the_right_counts(three, tmp_path):
    out = tmp_path / "run"
    run_eval([three], out, answer_fn=good_answers(), progress=False, warmup=False)
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert list(summary) == [*METRICS, "by_city", "by_kind"]
    assert {k: summary[k] for k in METRICS if not k.startswith("latency")} == {
        "n": 3, "hit_at_1": 1.0, "hit_at_5": 1.0, "fact_recall": 1.0, "refusal_precision": 1.0,
        "refusal_recall": 1.0, "false_refusal_rate": 0.0, "wrong_figure_rate": 0.0, "calc_accuracy": 1.0}
    assert list(summary["by_city"]) == ["淮安", "长春", "通用"]
    assert {k: v["n"] for k, v in summary["by_kind"].items()} == {"factual": 2, "calculation": 1}


def test_answers_jsonl_has_one_line_per_item_with_citations_intent_and_timing(three, tmp_path):
    out = tmp_path / "run"
    run_eval([three], out, answer_fn=good_answers(), progress=False, warmup=False)
    lines = [json.loads(line) for line in (out / "answers.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [line["id"] for line in lines] == ["F1", "C1", "R1"]
    first = lines[0]
    assert first["answer"]["intent"] == "policy"
    assert first["answer"]["citations"][0]["doc_id"] == "huaian-2026"
    assert first["timings_ms"] == {"retrieve": 12.5}
    assert first["latency_ms"] >= 0
    assert (first["quote_rank"], first["facts_ok"], first["failures"]) == (1, True, [])


def test_the_chart_is_saved_beside_the_report(three, tmp_path):
    out = tmp_path / "run"
    run_eval([three], out, answer_fn=good_answers(), progress=False, warmup=False)
    assert (out / "chart.png").read_bytes().startswith(b"\x89PNG")


def test_report_html_draws_the_chart_with_chinese_city_names(three, tmp_path):
    out = tmp_path / "run"
    run_eval([three], out, answer_fn=good_answers(), progress=False, warmup=False)
    page = (out / "report.html").read_text("utf-8")
    chart = page[page.index("<figure class='chart'"):page.index("</figure>")]
    assert "<h4>淮安</h4>" in chart and "首位命中率（hit@1）" in chart and "Huai" not in page


def test_report_html_is_in_chinese(three, tmp_path):
    answers = good_answers()
    answers.answers[REFUSAL["question"]] = Answer(answer="可以报销", intent="policy")
    out = tmp_path / "run"
    run_eval([three], out, answer_fn=answers, progress=False, warmup=False)
    page = (out / "report.html").read_text("utf-8")
    assert "<h1>医保问答评测报告</h1>" in page and "<h2>未通过的题目（1）</h2>" in page
    assert "<b>未通过原因</b>：应当拒答却作了回答" in page
    for english in ("Headline", "By city", "Failures", "question</b>", "should have refused"):
        assert english not in page


def test_report_lists_each_failure_with_question_expected_answer_and_retrieved(three, tmp_path):
    answers = good_answers()
    answers.answers[FACTUAL["question"]] = Answer(answer="每人不低于640元。", intent="policy", retrieved=[PASSAGE])
    answers.answers[REFUSAL["question"]] = Answer(answer="按<i>规定</i>报销。", intent="policy")
    out = tmp_path / "run"
    run_eval([three], out, answer_fn=answers, progress=False, warmup=False)
    md = (out / "report.md").read_text(encoding="utf-8")
    assert "## Failures (2)" in md
    assert "- why: facts missing: 730元" in md
    assert "- expected: facts: 730元 \\| source quote: 达到每人不低于 730 元" in md
    assert "> 每人不低于640元。" in md
    assert "  - 1. 淮安 · huaian-2026 · 财政补助: 各级财政补助标准达到每人不低于 730元，&lt;b&gt;个人缴费&lt;/b&gt;标准……" in md
    assert "- why: should have refused" in md


def test_report_html_escapes_questions_answers_and_passages(three, tmp_path):
    answers = good_answers()
    answers.answers[FACTUAL["question"]] = Answer(answer="<img src=x onerror=alert(1)>", intent="policy",
                                                  retrieved=[PASSAGE])
    answers.answers[REFUSAL["question"]] = Answer(answer="可以报销", intent="policy")
    out = tmp_path / "run"
    run_eval([three], out, answer_fn=answers, progress=False, warmup=False)
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "<script>" not in page and "<img src=x" not in page and "<b>个人缴费" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "&lt;b&gt;个人缴费&lt;/b&gt;" in page


def test_wrong_calculation_and_missed_refusal_are_counted(three, tmp_path):
    answers = good_answers()
    answers.answers[CALCULATION["question"]] = Answer(answer="从2026年10月17日起。", intent="calculation")
    answers.answers[REFUSAL["question"]] = Answer(answer="可以报销", intent="policy")
    summary, _ = run_eval([three], tmp_path / "run", answer_fn=answers, progress=False, warmup=False)
    assert (summary["calc_accuracy"], summary["refusal_recall"], summary["refusal_precision"]) == (0.0, 0.0, None)


def test_retrieval_falls_back_to_citations_when_the_answer_lists_no_passages(three, tmp_path):
    answers = good_answers()
    cited = answers.answers[FACTUAL["question"]]
    cited.retrieved = []
    summary, _ = run_eval([three], tmp_path / "run", answer_fn=answers, progress=False, warmup=False)
    assert summary["hit_at_1"] == 1.0


def test_answer_function_error_is_recorded_and_the_run_goes_on(three, tmp_path):
    answers = good_answers()

    def flaky(question, city):
        if question == CALCULATION["question"]:
            raise RuntimeError("calculator exploded")
        return answers(question, city)

    summary, results = run_eval([three], tmp_path / "run", answer_fn=flaky, progress=False, warmup=False)
    assert [r.error for r in results] == [None, "RuntimeError: calculator exploded", None]
    assert (summary["n"], summary["calc_accuracy"], summary["fact_recall"]) == (3, 0.0, 1.0)


def test_answer_function_gets_the_forced_city(three, tmp_path):
    answers = good_answers()
    summary, _ = run_eval([three], tmp_path / "run", answer_fn=answers, city="随州", progress=False, warmup=False)
    assert [city for _, city in answers.calls] == ["随州", "随州", "随州"]
    assert list(summary["by_city"]) == ["随州"]


def test_warmup_answers_the_first_question_once_before_the_timed_run(three):
    answers = good_answers()
    items, _ = load_items([three])
    answer_items(items, answers, progress=False, warmup=True)
    assert [q for q, _ in answers.calls] == [FACTUAL["question"], FACTUAL["question"],
                                             CALCULATION["question"], REFUSAL["question"]]


def test_retriever_option_reaches_the_default_answer_function_and_leaves_the_environment(three, tmp_path,
                                                                                        monkeypatch):
    monkeypatch.delenv("YIBAO_RETRIEVER_MODE", raising=False)
    answers = good_answers()
    modes = []

    def default_answer_fn(retriever=None):
        modes.append(retriever)
        return answers

    monkeypatch.setattr("bot.evaluation.runner.default_answer_fn", default_answer_fn)
    run_eval([three], tmp_path / "run", retriever="bm25", progress=False, warmup=False)
    assert modes == ["bm25"]
    assert "YIBAO_RETRIEVER_MODE" not in os.environ


def test_default_answer_function_serves_the_retriever_mode_and_records_no_declines(monkeypatch, tmp_path):
    from bot.evaluation import runner
    from bot.service import Service

    built = {}

    def from_settings(settings, record_unanswered=True):
        built.update(mode=settings.retriever_mode, record=record_unanswered)
        return object()

    monkeypatch.setenv("YIBAO_DATA_DIR", str(tmp_path))
    monkeypatch.setattr(Service, "from_settings", staticmethod(from_settings))
    runner.default_answer_fn("dense")
    assert built == {"mode": "dense", "record": False}


# ---------------------------------------------------------------------------------------------
# compare and gate


def summary_with(**values) -> dict:
    base = {m: None for m in METRICS} | {"n": 10}
    return base | values | {"by_city": {}, "by_kind": {}}


def test_compare_marks_improvements_and_regressions_by_direction():
    before = summary_with(hit_at_5=0.8, fact_recall=0.9, latency_ms_p95=300.0)
    after = summary_with(hit_at_5=0.9, fact_recall=0.85, latency_ms_p95=250.0)
    verdicts = {row.metric: row.verdict for row in compare(before, after)}
    assert verdicts["hit_at_5"] == "▲ improved"
    assert verdicts["fact_recall"] == "▼ regressed"
    assert verdicts["latency_ms_p95"] == "▲ improved"
    assert verdicts["n"] == ""


def test_compare_covers_every_city_of_either_run():
    before = summary_with() | {"by_city": {"淮安": summary_with(hit_at_5=0.5)}}
    after = summary_with() | {"by_city": {"淮安": summary_with(hit_at_5=1.0), "长春": summary_with(hit_at_5=1.0)}}
    rows = [r for r in compare(before, after) if r.metric == "hit_at_5"]
    assert [(r.group, r.before, r.after, r.verdict) for r in rows] == [
        ("overall", None, None, ""), ("city 淮安", 0.5, 1.0, "▲ improved"), ("city 长春", None, 1.0, "new")]


def test_compare_output_shows_each_metric_with_its_delta():
    text = format_comparison(compare(summary_with(hit_at_5=0.8), summary_with(hit_at_5=0.9)), "a.json", "b.json")
    assert "  hit_at_5                 0.8       0.9      +0.1  ▲ improved" in text
    assert text.endswith("1 improved, 0 regressed")


START_THRESHOLDS = """
[min]
hit_at_5 = 0.90
fact_recall = 0.85
calc_accuracy = 1.00
refusal_recall = 0.80
"""


def test_the_repository_thresholds_never_fall_below_the_starting_ones():
    thresholds = load_thresholds(REPO / "eval_thresholds.toml")["min"]
    assert thresholds["hit_at_5"] >= 0.90
    assert thresholds["fact_recall"] >= 0.85
    assert thresholds["calc_accuracy"] == 1.0
    assert thresholds["refusal_recall"] >= 0.80


def test_gate_fails_naming_the_metric_below_its_minimum(tmp_path):
    (tmp_path / "t.toml").write_text(START_THRESHOLDS, encoding="utf-8")
    thresholds = load_thresholds(tmp_path / "t.toml")
    checks = check_gate(summary_with(hit_at_5=0.95, fact_recall=0.80, calc_accuracy=1.0, refusal_recall=0.9),
                        thresholds)
    assert not gate_passed(checks)
    assert format_checks(checks).splitlines() == [
        "ok    hit_at_5 = 0.95 (needs ≥ 0.9)",
        "FAIL  fact_recall = 0.8 (needs ≥ 0.85)",
        "ok    calc_accuracy = 1 (needs ≥ 1)",
        "ok    refusal_recall = 0.9 (needs ≥ 0.8)",
        "quality gate FAILED: fact_recall",
    ]


def test_gate_skips_a_metric_without_items():
    checks = check_gate(summary_with(hit_at_5=0.95), {"min": {"hit_at_5": 0.9, "calc_accuracy": 1.0}})
    assert gate_passed(checks)
    assert checks[1].describe() == "SKIP  calc_accuracy: no items in this run (needs ≥ 1)"


def test_gate_max_bound_fails_above_it():
    checks = check_gate(summary_with(latency_ms_p95=2500.0), {"max": {"latency_ms_p95": 2000.0}})
    assert [c.passed for c in checks] == [False]


def test_thresholds_with_an_unknown_metric_name_the_accepted_ones(tmp_path):
    path = tmp_path / "t.toml"
    path.write_text("[min]\nhit_at_10 = 0.9\n", encoding="utf-8")
    with pytest.raises(ThresholdsError, match=r"\[min\] hit_at_10: unknown metric; accepted: hit_at_1, hit_at_5"):
        load_thresholds(path)


# ---------------------------------------------------------------------------------------------
# the command


def cli(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="yibao eval")
    cmd_eval.add_arguments(parser)
    return cmd_eval.run(parser.parse_args(argv))


@pytest.fixture
def fake_service(monkeypatch):
    """The command's default answer function replaced by the fake."""
    answers = good_answers()
    monkeypatch.setattr("bot.evaluation.runner.default_answer_fn", lambda retriever=None: answers)
    return answers


def test_command_runs_a_file_and_prints_the_headline(three, tmp_path, fake_service, capsys):
    code = cli([str(three), "--out", str(tmp_path / "run"), "--no-progress"])
    out = capsys.readouterr().out
    assert code == 0
    assert "hit@5              1.000" in out
    assert (tmp_path / "run" / "report.html").exists()


def test_command_gate_exits_1_and_names_the_failing_metric(three, tmp_path, fake_service, capsys):
    fake_service.answers[REFUSAL["question"]] = Answer(answer="可以报销", intent="policy")
    (tmp_path / "t.toml").write_text(START_THRESHOLDS, encoding="utf-8")
    code = cli([str(three), "--out", str(tmp_path / "run"), "--no-progress", "--gate", str(tmp_path / "t.toml")])
    out = capsys.readouterr().out
    assert code == 1
    assert "FAIL  refusal_recall = 0 (needs ≥ 0.8)" in out
    assert out.rstrip().endswith("quality gate FAILED: refusal_recall")


def test_command_gate_passes_with_exit_0(three, tmp_path, fake_service, capsys):
    code = cli([str(three), "--out", str(tmp_path / "run"), "--no-progress",
                "--gate", str(REPO / "eval_thresholds.toml")])
    assert code == 0
    assert capsys.readouterr().out.rstrip().endswith("quality gate passed")


def test_command_gate_on_an_existing_summary(three, tmp_path, fake_service, capsys):
    fake_service.answers[CALCULATION["question"]] = Answer(answer="无法计算", intent="calculation")
    cli([str(three), "--out", str(tmp_path / "run"), "--no-progress"])
    code = cli(["--summary", str(tmp_path / "run" / "summary.json"), "--gate", str(REPO / "eval_thresholds.toml")])
    assert code == 1
    assert "FAIL  calc_accuracy = 0 (needs ≥ 1)" in capsys.readouterr().out


def test_command_bad_jsonl_line_exits_2_naming_file_and_line(tmp_path, fake_service, capsys):
    path = write_jsonl(tmp_path / "bad.jsonl", FACTUAL, '{"id": "X", "question": "问"')
    code = cli([str(path), "--out", str(tmp_path / "run"), "--no-progress"])
    assert code == 2
    assert f"{path}:2: not valid JSON" in capsys.readouterr().err
    assert not (tmp_path / "run").exists()


def test_command_compare_prints_the_difference_of_two_runs(tmp_path, capsys):
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    a.write_text(json.dumps(summary_with(hit_at_5=0.8)), encoding="utf-8")
    b.write_text(json.dumps(summary_with(hit_at_5=0.7)), encoding="utf-8")
    assert cli(["--compare", str(a), str(b)]) == 0
    out = capsys.readouterr().out
    assert "  hit_at_5                 0.8       0.7      -0.1  ▼ regressed" in out
    assert out.rstrip().endswith("0 improved, 1 regressed")


def test_command_compare_reads_a_summary_written_before_the_false_refusal_rate(tmp_path, capsys):
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    older = summary_with(hit_at_5=0.8)
    del older["false_refusal_rate"]
    a.write_text(json.dumps(older), encoding="utf-8")
    b.write_text(json.dumps(summary_with(hit_at_5=0.9, false_refusal_rate=0.02)), encoding="utf-8")
    assert cli(["--compare", str(a), str(b)]) == 0
    assert "  hit_at_5                 0.8       0.9      +0.1  ▲ improved" in capsys.readouterr().out


def test_command_compare_of_a_file_that_is_not_a_summary_exits_2(tmp_path, capsys):
    a = tmp_path / "a.json"
    a.write_text("{}", encoding="utf-8")
    assert cli(["--compare", str(a), str(a)]) == 2
    assert "not a yibao eval summary (missing n, hit_at_1" in capsys.readouterr().err


def test_command_without_files_explains_what_it_needs(capsys):
    assert cli([]) == 2
    assert "请给出题目文件" in capsys.readouterr().err


def test_command_exits_1_when_every_answer_failed(three, tmp_path, monkeypatch, capsys):
    def broken(question, city):
        raise FileNotFoundError("index missing")

    monkeypatch.setattr("bot.evaluation.runner.default_answer_fn", lambda retriever=None: broken)
    assert cli([str(three), "--out", str(tmp_path / "run"), "--no-progress"]) == 1
    assert "3 道题回答时出错，第一道 F1：FileNotFoundError: index missing" in capsys.readouterr().err


def test_compare_shows_an_unchanged_metric_without_sign_or_verdict():
    text = format_comparison(compare(summary_with(hit_at_5=0.8), summary_with(hit_at_5=0.8)), "a", "b")
    assert "  hit_at_5                 0.8       0.8         0" in text.splitlines()


def test_compare_notes_runs_of_different_sizes():
    text = format_comparison(compare(summary_with(n=119), summary_with(n=9)), "a", "b")
    assert text.splitlines()[-1] == ("note: the runs have different numbers of items (119 and 9), "
                                     "so they may not be comparable")


@pytest.mark.slow
def test_regression_set_runs_through_the_real_answer_function(real_index, tmp_path):
    path = REPO / "tests" / "data" / "regression.jsonl"
    items = sum(1 for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    summary, results = run_eval([path], tmp_path / "run", progress=False)
    assert summary["n"] == items
    assert [r.error for r in results] == [None] * items
    assert len((tmp_path / "run" / "answers.jsonl").read_text(encoding="utf-8").splitlines()) == items
