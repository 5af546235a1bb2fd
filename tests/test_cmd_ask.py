"""`yibao ask`: the answer, its citations with the passage, the step table, JSON, Chinese errors."""

import json

import pytest

from bot.cli import ask as cmd_ask
from bot.cli.dispatch import main
from tests.ui_fake_service import FakeService


@pytest.fixture
def service(monkeypatch):
    fake = FakeService()
    monkeypatch.setattr(cmd_ask, "make_service", lambda: fake)
    return fake


def test_ask_prints_the_answer_and_the_numbered_citation_with_its_passage(service, capsys):
    assert main(["ask", "淮安住院起付线是多少？", "--city", "淮安"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("淮安：一级医院起付线 300 元，二级医院 600 元，三级医院 900 元[1]。")
    assert "[1] 淮安｜《全民参保百问百答》｜六十、住院医疗待遇｜发布于 2025-09-01\n    原文：起付线 报销比例 一级医院 300 元 85%" in out
    assert service.asked == [("淮安住院起付线是多少？", "淮安", None)]


def test_ask_prints_the_calculation_table(service, capsys):
    """淮安 Q60: “三级医院 900 元 65%”: (50000 − 900) × 65% = 31915."""
    main(["ask", "淮安三级医院住院5万能报多少"])
    out = capsys.readouterr().out
    assert "| 住院统筹支付 | (50000 − 900) × 65% | 31,915元 | [1] |" in out


def test_ask_json_is_the_answer_dict(service, capsys):
    main(["ask", "起付线", "--json"])
    body = json.loads(capsys.readouterr().out)
    assert body["intent"] == "policy" and body["citations"][0]["n"] == 1


def test_a_calculation_without_a_table_in_its_text_gets_one():
    answer = {"answer": "统筹基金支付31915元。", "citations": [], "follow_up": None,
              "calculation": {"steps": [{"label": "起付线", "formula": "900元", "amount": 900.0, "citation": None}]}}
    assert cmd_ask.format_answer(answer) == (
        "统筹基金支付31915元。\n\n| 步骤 | 计算 | 金额 | 依据 |\n|---|---|---|---|\n| 起付线 | 900元 | 900 元 |  |")


def test_follow_up_choices_are_numbered(service, capsys):
    main(["ask", "住院报销"])
    assert "可选：1. 一级  2. 二级  3. 三级" in capsys.readouterr().out


def test_a_too_long_question_exits_2_with_a_chinese_message(service, capsys):
    assert main(["ask", "长" * 501]) == 2
    assert capsys.readouterr().err.strip() == "问题太长了（最多 500 个字），请精简后再问。"
    assert service.asked == []


def test_a_failure_exits_1_with_a_chinese_message(service, capsys):
    assert main(["ask", "boom"]) == 1
    assert capsys.readouterr().err.startswith("抱歉，回答时出现问题，请稍后再试。")


def test_an_unknown_city_is_refused_by_the_parser(service, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["ask", "起付线", "--city", "北京"])
    assert exc.value.code == 2 and service.asked == []


@pytest.mark.slow
def test_ask_answers_from_the_real_index(real_index, capsys):
    """淮安 Q60: “三级医院 900 元 65%” — the real service computes 31915 for 三级, 50000 元."""
    assert main(["ask", "淮安三级医院住院合规费用5万元能报多少？"]) == 0
    out = capsys.readouterr().out
    assert "31915" in out and "出处：" in out
