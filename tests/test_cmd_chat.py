"""`yibao chat`: one session across lines, numbered choices, 退出/EOF, errors that do not end the chat."""

import io

from bot.cli.chat import GOODBYE, WELCOME, chat
from tests.ui_fake_service import FakeService


def run_chat(text: str, service=None, city=None):
    service = service or FakeService()
    out = io.StringIO()
    answered = chat(service, io.StringIO(text), out, city=city)
    return service, out.getvalue(), answered


def test_every_line_after_the_first_is_sent_in_the_first_answers_session():
    service, _, answered = run_chat("起付线多少\n二级医院呢\n")
    assert answered == 2
    assert [s for _, _, s in service.asked] == [None, "fake-session-1"]


def test_the_city_option_is_sent_with_every_question():
    service, _, _ = run_chat("起付线多少\n", city="长春")
    assert service.asked[0][1] == "长春"


def test_a_number_picks_a_choice_of_the_last_follow_up():
    service, out, _ = run_chat("住院报销\n3\n")
    assert service.asked[1][0] == "三级" and "（您选择了：三级）" in out


def test_a_number_without_choices_is_sent_as_it_is():
    service, _, _ = run_chat("2026\n")
    assert service.asked[0][0] == "2026"


def test_tuichu_ends_the_chat_before_later_lines():
    service, out, answered = run_chat("起付线多少\n退出\n二级医院呢\n")
    assert answered == 1 and out.rstrip().endswith(GOODBYE)


def test_end_of_input_ends_the_chat():
    _, out, answered = run_chat("")
    assert answered == 0 and out.startswith(WELCOME) and out.rstrip().endswith(GOODBYE)


def test_blank_lines_are_skipped():
    service, _, _ = run_chat("\n  \n起付线多少\n")
    assert len(service.asked) == 1


def test_a_failure_is_a_chinese_message_and_the_chat_goes_on():
    service, out, answered = run_chat("boom\n起付线多少\n")
    assert "抱歉，回答时出现问题，请稍后再试。" in out and "exploded" not in out
    assert answered == 1


def test_a_too_long_line_is_not_sent():
    service, out, _ = run_chat("长" * 501 + "\n")
    assert service.asked == [] and "问题太长了（最多 500 个字）" in out


def test_answers_are_printed_with_their_citations():
    _, out, _ = run_chat("起付线多少\n")
    assert "医保问答：淮安：一级医院起付线 300 元" in out and "[1] 淮安｜《全民参保百问百答》" in out
