"""`yibao bench` options: which measures, and the command written beside each figure."""

from pathlib import Path

import pytest

from bot.bench.run import BenchOptions, parse_only
from bot.cli.dispatch import main


def test_only_takes_a_comma_list_in_measure_order():
    assert parse_only("throughput, ask,search") == ("search", "ask", "throughput")


def test_only_refuses_an_unknown_measure_naming_the_accepted_ones():
    with pytest.raises(ValueError, match="unknown measure speed; accepted: ingest,search,ask,memory,startup,throughput"):
        parse_only("ask,speed")


def test_the_command_reproduces_one_measure_with_the_options_given():
    options = BenchOptions(quick=True, data_dir=Path("/srv/yibao data"), dev=(Path("/work/shared/eval"),))
    assert options.command("ask", environ={}) == (
        "yibao bench --only ask --quick --data-dir '/srv/yibao data' --dev /work/shared/eval")


def test_the_command_names_settings_that_change_the_figures():
    environ = {"YIBAO_EMBEDDER": "st:/models/bge", "HOME": "/root"}
    assert BenchOptions().command("search", environ=environ) == "YIBAO_EMBEDDER=st:/models/bge yibao bench --only search"


def test_yibao_bench_with_an_unknown_measure_exits_2_and_says_why(capsys):
    assert main(["bench", "--only", "speed", "--no-write"]) == 2
    assert "accepted: ingest,search,ask,memory,startup,throughput" in capsys.readouterr().err


def test_yibao_bench_with_a_missing_dev_file_exits_2(tmp_path, capsys):
    assert main(["bench", "--dev", str(tmp_path / "none.jsonl"), "--no-write"]) == 2
    assert "找不到" in capsys.readouterr().err
