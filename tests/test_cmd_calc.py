"""`yibao calc`: options from the input model, the breakdown table, --json, Chinese errors."""

import argparse
import json

import pytest

from bot.cli import calc as cmd_calc


def calc(capsys, *argv):
    parser = argparse.ArgumentParser()
    cmd_calc.add_arguments(parser)
    code = cmd_calc.run(parser.parse_args(list(argv)))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_example_from_the_brief_prints_a_cited_breakdown(capsys):
    code, out, _ = calc(capsys, "inpatient", "--city", "淮安", "--level", "三级", "--cost", "50000",
                        "--person", "adult", "--date", "2026-03-01")
    assert code == 0
    assert "统筹基金支付31915元" in out  # (50000 − 900) × 65%
    assert "步骤" in out and "计算" in out and "金额" in out and "依据" in out
    assert "《全民参保百问百答》" in out


def test_caveats_are_printed(capsys):
    code, out, _ = calc(capsys, "inpatient", "--city", "长春", "--level", "三级", "--tier", "省级",
                        "--cost", "100000", "--date", "2026-03-01")
    assert code == 0 and "说明：" in out and "59840" in out


def test_json_output_has_total_steps_and_citations(capsys):
    code, out, _ = calc(capsys, "critical_illness", "--city", "随州", "--burden", "150000", "--json",
                        "--date", "2026-03-01")
    data = json.loads(out)
    assert code == 0 and data["total"] == 93800.0
    assert any(s["citation"] and s["citation"]["doc_id"] == "sz-resident-brochure" for s in data["steps"])


def test_underscored_and_dashed_options_both_work(capsys):
    for option in ("--class-b-cost", "--class_b_cost"):
        code, out, _ = calc(capsys, "inpatient", "--city", "随州", "--level", "一级", "--cost", "8000",
                            option, "2000", "--date", "2026-03-01", "--json")
        assert code == 0 and json.loads(out)["total"] == 6840.0


def test_boolean_options_accept_chinese(capsys):
    code, out, _ = calc(capsys, "critical_illness", "--city", "长治", "--burden", "48000",
                        "--unapproved-transfer", "是", "--json", "--date", "2026-03-01")
    assert code == 0 and json.loads(out)["total"] == 24700.0


def test_several_stays_as_json(capsys):
    stays = '[{"level": "三级", "cost": 10000}, {"level": "二级", "cost": 5000}]'
    code, out, _ = calc(capsys, "inpatient", "--city", "淮安", "--stays", stays, "--json", "--date", "2026-03-01")
    assert code == 0 and json.loads(out)["total"] == 9215.0


@pytest.mark.parametrize(("argv", "expected"), [
    (["inpatient", "--city", "北京", "--level", "三级", "--cost", "1"], "连云港、淮安、长春、长治、随州"),
    (["inpatient", "--city", "淮安", "--level", "四级", "--cost", "1"], "一级、二级、三级"),
    (["inpatient", "--city", "淮安", "--level", "三级", "--cost", "-5"], "不能小于0"),
    (["inpatient", "--city", "淮安", "--level", "三级", "--cost", "1", "--foo", "2"], "不认识的参数"),
    (["critical_illness", "--city", "淮安", "--burden", "abc"], "必须是数字"),
    (["nosuch"], "inpatient"),
])
def test_bad_input_exits_2_with_a_chinese_message(capsys, argv, expected):
    code, out, err = calc(capsys, *argv)
    assert code == 2
    assert err.startswith("输入有误：") and expected in err
    assert "Traceback" not in err and out == ""


def test_without_a_name_lists_the_calculators(capsys):
    code, out, _ = calc(capsys)
    assert code == 0 and "inpatient" in out and "settlement" in out


def test_calc_is_a_command_of_the_cli():
    from bot.cli.dispatch import COMMANDS

    assert COMMANDS["calc"][0] == "bot.cli.calc"
