"""Ask timings grouped by the route each answer took (the answer function is our own interface)."""

from types import SimpleNamespace

from bot.bench.ask import route_of, rows_for, time_answers
from bot.bench.questions import BenchItem


class Recorder:
    """An answer function that answers by a table and records every call."""

    def __init__(self, answers):
        self.answers, self.calls = answers, []

    def __call__(self, question, city, session_id):
        self.calls.append((question, city, session_id))
        intent, refused = self.answers[question]
        timings = {"retrieval": 5.0} if intent == "policy" else {}
        return SimpleNamespace(intent=intent, refused=refused, timings_ms=timings)


ITEMS = [
    BenchItem("policy", ("几月交费？",), "淮安"),
    BenchItem("follow_up", ("淮安住院起付线？", "那长春呢？")),
    BenchItem("decline", ("今天天气怎么样",)),
]
ANSWERS = {"几月交费？": ("policy", False), "淮安住院起付线？": ("policy", False),
           "那长春呢？": ("policy", False), "今天天气怎么样": ("out_of_scope", True)}


def test_a_later_turn_is_a_follow_up_a_refusal_a_decline_else_the_intent():
    answer = SimpleNamespace(intent="calculation", refused=False)
    refused = SimpleNamespace(intent="policy", refused=True)
    assert (route_of(answer, 0), route_of(answer, 1), route_of(refused, 0)) == ("calculation", "follow_up", "decline")


def test_timings_are_grouped_by_route_over_the_rounds():
    groups = time_answers(Recorder(ANSWERS), ITEMS, rounds=2)
    assert {name: len(values) for name, values in groups.items()} == {
        "policy": 4, "follow_up": 2, "decline": 2, "retrieval": 6}


def test_the_retrieval_part_is_taken_from_the_answers_timings():
    groups = time_answers(Recorder(ANSWERS), ITEMS, rounds=1)
    assert groups["retrieval"] == [5.0, 5.0, 5.0]


def test_every_item_is_answered_once_to_warm_up_and_then_once_per_round():
    recorder = Recorder(ANSWERS)
    time_answers(recorder, ITEMS, rounds=2)
    assert len(recorder.calls) == 4 * 3


def test_the_turns_of_a_conversation_share_one_session_and_the_city_goes_with_the_first():
    recorder = Recorder(ANSWERS)
    time_answers(recorder, ITEMS, rounds=1)
    timed = recorder.calls[4:]
    assert timed[0] == ("几月交费？", "淮安", "bench-0-0")
    assert timed[1][2] == timed[2][2] == "bench-0-1"
    assert {timed[1][2], timed[3][2]} == {"bench-0-1", "bench-0-2"}


def test_a_time_limit_of_zero_times_nothing_after_the_warm_up():
    assert time_answers(Recorder(ANSWERS), ITEMS, rounds=3, time_limit_s=0) == {}


def test_rows_give_p50_and_p95_p99_of_each_route_of_all_answers_and_of_retrieval():
    rows = rows_for({"decline": [1.0, 3.0], "policy": [10.0, 20.0, 30.0], "retrieval": [8.0, 8.0]})
    assert [row.measure for row in rows] == [
        "policy questions: p50 (3 answers)", "policy questions: p95 / p99",
        "declines: p50 (2 answers)", "declines: p95 / p99",
        "all answers: p50 (5 answers)", "all answers: p95 / p99",
        "of which retrieval (answers that searched): p50 (2 searches)",
        "of which retrieval (answers that searched): p95 / p99",
    ]
    assert (rows[0].value, rows[0].target) == ("20.0 ms", "< 40 ms ✓")
    assert (rows[-2].value, rows[-2].target) == ("8.0 ms", "")
