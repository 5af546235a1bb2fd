"""BENCHMARKS.md: one section per measure with its machine, date, load and command; partial runs
replace only their sections and hand-written notes are kept."""

from bot.bench.report import NOTES_MARKER, Row, Section, at_least, merge, render_section, target, write

MACHINE = {"nproc": "2", "cpu": "Test CPU 3000", "ram": "8.0 GiB", "python": "3.11.7"}


def section(key: str, value: str = "12.0 ms") -> Section:
    return Section(key=key, rows=[Row("policy questions: p50 (30 answers)", value, "< 50 ms ✓")],
                   notes=["after warm-up;"], started="2026-11-23 10:00", machine=MACHINE,
                   load_start="1.00 / 0.50 / 0.25", load_end="2.00 / 0.75 / 0.30",
                   command="yibao bench --only ask --dev /work/shared/eval")


def test_a_section_states_machine_date_load_and_the_command_that_reproduces_it():
    text = render_section(section("ask"))
    assert "Measured 2026-11-23 10:00 on 2 cores (Test CPU 3000), 8.0 GiB RAM, Python 3.11.7" in text
    assert "load average (1/5/15 min) 1.00 / 0.50 / 0.25 at start, 2.00 / 0.75 / 0.30 at end" in text
    assert "```bash\nyibao bench --only ask --dev /work/shared/eval\n```" in text


def test_a_section_has_the_figures_as_a_table_and_the_notes_as_bullets():
    text = render_section(section("ask"))
    assert ("| measure | value | target |\n|---|---|---|\n"
            "| policy questions: p50 (30 answers) | 12.0 ms | < 50 ms ✓ |") in text
    assert "\n- after warm-up;\n" in text
    assert text.startswith("<!-- bench:ask -->\n## Ask latency by intent, no language model\n")
    assert text.endswith("<!-- /bench:ask -->")


def test_a_failed_measure_says_what_failed():
    failed = section("memory")
    failed.rows, failed.error = [], "ServerFailed: server exited with code 1"
    assert "**Failed:** ServerFailed: server exited with code 1" in render_section(failed)


def test_target_marks_values_under_the_limit_and_over_it():
    assert target(49.9, 50, "ms") == "< 50 ms ✓"
    assert target(50.0, 50, "ms") == "< 50 ms ✗"
    assert target(None, 150, "ms") == "< 150 ms"


def test_at_least_marks_rates_reaching_the_floor_and_below_it():
    assert at_least(0.85, 0.85) == "≥ 0.85 ✓"
    assert at_least(0.843, 0.85) == "≥ 0.85 ✗"
    assert at_least(None, 0.97) == "≥ 0.97"


def test_merge_replaces_the_measured_section_and_keeps_the_others_in_measure_order():
    old = merge("", [section("ask", "99.0 ms"), section("ingest", "1.0 s")])
    new = merge(old, [section("ask", "11.0 ms")])
    assert "| 11.0 ms |" in new and "| 99.0 ms |" not in new
    assert "| 1.0 s |" in new
    assert new.index("<!-- bench:ingest -->") < new.index("<!-- bench:ask -->")
    assert new.count("<!-- bench:ask -->") == 1


def test_merge_keeps_the_hand_written_notes_after_the_marker():
    old = merge("", [section("ask")]) + "\nThe load was 6 during the first run.\n"
    new = merge(old, [section("ask", "10.0 ms")])
    assert new.endswith(f"{NOTES_MARKER}\n\nThe load was 6 during the first run.\n")


def test_write_creates_the_file_with_the_header_and_the_section(tmp_path):
    path = tmp_path / "BENCHMARKS.md"
    write([section("ask")], path)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Benchmarks\n")
    assert "<!-- bench:ask -->" in text and NOTES_MARKER in text
