"""The evaluator's tab: an uploaded question set answered, scored and reported, recording nothing."""

from __future__ import annotations

import json

from bot.storage.store import Store
from bot.web.eval_tab import city_chart_html, headline_rows, run_upload
from tests.ui_fake_service import FakeService

# the fake's policy answer cites PASSAGE, which holds “三级医院\t900 元”
ITEM = {"id": "T1", "city": "淮安", "question": "淮安三级医院起付线", "answer_facts": ["900 元"],
        "source_quote": "三级医院\t900 元", "expect_refusal": False}


def _write(path, rows) -> str:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return str(path)


def test_an_uploaded_set_is_answered_scored_and_reported(tmp_path):
    service = FakeService(Store(tmp_path / "s.sqlite"))
    notice, rows, chart, report = run_upload(_write(tmp_path / "q.jsonl", [ITEM]), service.answer)
    assert notice.startswith("评测完成：共 1 道题")
    assert dict(rows)["题数"] == "1" and dict(rows)["首位命中率"] == "100.0%"
    assert "淮安" in chart and report.endswith("report.html")
    assert open(report, encoding="utf-8").read().startswith("<!DOCTYPE html>")


def test_a_run_records_no_unanswered_question(tmp_path):
    service = FakeService(Store(tmp_path / "s.sqlite"))
    run_upload(_write(tmp_path / "q.jsonl", [ITEM]), service.answer)
    assert service.store.unanswered() == []


def test_a_bad_question_file_is_a_chinese_message(tmp_path):
    notice, rows, _, report = run_upload(_write(tmp_path / "q.jsonl", [{"id": "T1"}]), lambda q, c: None)
    assert notice.startswith("题目文件有误") and rows == [] and report is None


def test_no_file_asks_for_one():
    assert run_upload(None, lambda q, c: None)[0] == "请先上传题目文件（JSONL，每行一道题）。"


def test_the_headline_names_every_figure_in_chinese():
    rows = headline_rows({"n": 4, "hit_at_1": 0.5, "latency_ms_p50": 12.34})
    assert rows[:2] == [["题数", "4"], ["首位命中率", "50.0%"]] and ["回答耗时中位数（毫秒）", "12.3"] in rows


def test_the_city_chart_draws_each_share_as_a_bar_width():
    chart = city_chart_html({"by_city": {"长春": {"n": 2, "hit_at_1": 0.5, "hit_at_5": 1.0, "fact_recall": None}}})
    assert '<b>长春</b>（2 道）' in chart and 'style="width:50.0%"' in chart and 'style="width:100.0%"' in chart
