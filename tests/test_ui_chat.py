"""The resident chat's behaviour without a browser: limits, errors, session, follow-ups, feedback."""

import pytest

from bot.storage.store import Store
from bot.web import chat_tab as ui_chat
from tests.ui_fake_service import CALC_TOTAL, FakeService

CITIES = ["连云港", "淮安", "长春", "长治", "随州"]


@pytest.fixture
def service(tmp_path):
    return FakeService(Store(tmp_path / "s.sqlite"))


def test_a_question_is_sent_with_the_chosen_city_and_no_session_at_first(service):
    ui_chat.ask(service, "起付线多少", "淮安", None, [])
    assert service.asked == [("起付线多少", "淮安", None)]


def test_any_city_is_sent_as_no_city(service):
    ui_chat.ask(service, "起付线多少", "不限", None, [])
    assert service.asked[0][1] is None


def test_the_session_of_the_first_answer_is_kept_for_the_next_question(service):
    first = ui_chat.ask(service, "起付线多少", "淮安", None, [])
    ui_chat.ask(service, "二级呢", "淮安", first.session_id, first.turns)
    assert first.session_id == "fake-session-1"
    assert service.asked[1] == ("二级呢", "淮安", "fake-session-1")


def test_each_turn_is_two_messages_question_then_answer(service):
    reply = ui_chat.ask(service, "起付线多少", "淮安", None, [])
    messages = reply.messages()
    assert [m["role"] for m in messages] == ["user", "assistant"]
    assert messages[0]["content"] == "起付线多少"
    assert messages[1]["content"].startswith("淮安：一级医院起付线 300 元")


def test_a_too_long_question_gets_a_chinese_message_and_is_not_sent(service):
    reply = ui_chat.ask(service, "长" * 501, "淮安", None, [])
    assert service.asked == []
    assert reply.notice == "您的问题太长了（最多 500 个字），请精简后再问。"
    assert reply.messages()[-1]["content"] == ui_chat.escape_text(reply.notice)


def test_a_question_of_exactly_500_characters_is_sent(service):
    ui_chat.ask(service, "长" * 500, "淮安", None, [])
    assert len(service.asked) == 1


def test_an_empty_question_changes_nothing(service):
    reply = ui_chat.ask(service, "   ", "淮安", None, [])
    assert service.asked == [] and reply.turns == [] and reply.notice == ""


def test_a_service_failure_is_a_chinese_message_without_traceback(service):
    reply = ui_chat.ask(service, "boom", "淮安", None, [])
    shown = reply.messages()[-1]["content"]
    assert reply.notice == ui_chat.FAILED
    assert "exploded" not in shown and "Traceback" not in shown


def test_the_question_is_shown_escaped_in_the_chat(service):
    reply = ui_chat.ask(service, "<img src=x onerror=alert(1)>", "淮安", None, [])
    assert all("<img" not in m["content"] for m in reply.messages())


def test_a_calculation_answer_gives_the_step_rows(service):
    reply = ui_chat.ask(service, "三级医院住院5万能报多少", "淮安", None, [])
    rows = ui_chat.latest_steps(reply.latest)
    assert rows[-3][2] == "31,915 元" and CALC_TOTAL in reply.latest["answer"]


def test_a_follow_up_gives_its_choices(service):
    reply = ui_chat.ask(service, "住院报销", "淮安", None, [])
    assert ui_chat.follow_up_choices(reply.latest) == ["一级", "二级", "三级"]


def test_a_policy_answer_has_no_choices_and_no_steps(service):
    reply = ui_chat.ask(service, "起付线多少", "淮安", None, [])
    assert ui_chat.follow_up_choices(reply.latest) == [] and ui_chat.latest_steps(reply.latest) == []


def test_thumbs_up_stores_the_latest_question_and_answer(service):
    reply = ui_chat.ask(service, "起付线多少", "淮安", None, [])
    notice = ui_chat.rate(lambda: service.store, reply.turns, None, 1, reply.session_id)
    stored = service.store.feedback()[0]
    assert notice == ui_chat.THANKS[1]
    assert (stored["question"], stored["rating"], stored["session_id"]) == ("起付线多少", 1, "fake-session-1")


def test_thumbs_down_on_an_earlier_message_rates_that_turn(service):
    first = ui_chat.ask(service, "起付线多少", "淮安", None, [])
    second = ui_chat.ask(service, "三级医院住院5万能报多少", "淮安", first.session_id, first.turns)
    ui_chat.rate(lambda: service.store, second.turns, 1 // 2, -1, second.session_id)
    assert service.store.feedback()[0]["question"] == "起付线多少"
    assert service.store.feedback()[0]["rating"] == -1


def test_rating_before_any_answer_says_there_is_nothing_to_rate(service):
    assert ui_chat.rate(lambda: service.store, [], None, 1, None) == ui_chat.NOTHING_TO_RATE
    assert service.store.feedback() == []


def test_while_waiting_the_question_is_shown_after_the_conversation(service):
    first = ui_chat.ask(service, "起付线多少", "淮安", None, [])
    messages = ui_chat.pending_messages(first.turns, "二级呢")
    assert [m["role"] for m in messages] == ["user", "assistant", "user"]
    assert messages[-1]["content"] == "二级呢"


def test_while_waiting_a_too_long_question_is_shown_cut_at_500_characters():
    messages = ui_chat.pending_messages([], "长" * 600)
    assert messages[0]["content"] == "长" * 500 + "…"


def test_each_answer_message_carries_its_own_sources(service):
    first = ui_chat.ask(service, "起付线多少", "淮安", None, [])
    second = ui_chat.ask(service, "门诊呢", "淮安", first.session_id, first.turns)
    answers = [m["content"] for m in second.messages() if m["role"] == "assistant"]
    assert ['id="yb-c0-1"' in a for a in answers] == [True, False]
    assert ['id="yb-c1-1"' in a for a in answers] == [False, True]
    assert 'href="#yb-c1-1"' in answers[1]


def test_a_declined_answer_links_the_hotline_for_calling():
    answer = {"answer": "现有文件中没有找到相关规定。如需进一步咨询，可拨打长春医保呼叫服务中心电话81110000。",
              "refused": True, "citations": []}
    assert '<a class="yb-tel" href="tel:81110000">81110000</a>' in ui_chat.answer_markdown(answer)


def test_a_comment_is_stored_with_the_rating_redacted(service):
    reply = ui_chat.ask(service, "起付线多少", "淮安", None, [])
    ui_chat.rate(lambda: service.store, reply.turns, None, -1, reply.session_id, "我叫李四，电话13912345678")
    assert service.store.feedback()[0]["comment"] == "我叫[姓名]，电话[手机号]"


def test_the_copy_text_of_an_earlier_turn_is_that_answer_with_its_passages(service):
    first = ui_chat.ask(service, "起付线多少", "淮安", None, [])
    second = ui_chat.ask(service, "三级医院住院5万能报多少", "淮安", first.session_id, first.turns)
    first_message = second.messages()[1]["content"]
    text = first_message[first_message.index('<span class="yb-copy-text">'):].replace("<br>", "\n")
    assert text.removeprefix('<span class="yb-copy-text">').startswith("淮安：一级医院起付线 300 元") and "[1] 淮安｜《全民参保百问百答》｜六十、住院医疗待遇" in text
    assert CALC_TOTAL not in text


def test_every_answer_message_carries_its_own_rating_and_copy_controls(service):
    first = ui_chat.ask(service, "起付线多少", "淮安", None, [])
    second = ui_chat.ask(service, "门诊呢", "淮安", first.session_id, first.turns)
    answers = [m["content"] for m in second.messages() if m["role"] == "assistant"]
    assert ['href="#yb-rate-0-up"' in a for a in answers] == [True, False]
    assert ['href="#yb-rate-1-down"' in a for a in answers] == [False, True]
    assert ['href="#yb-copy-1"' in a for a in answers] == [False, True]


def test_the_copy_text_rides_hidden_in_its_message_with_line_breaks_as_br(service):
    reply = ui_chat.ask(service, "起付线多少", "淮安", None, [])
    content = reply.messages()[1]["content"]
    hidden = content[content.index('<span class="yb-copy-text">'):]
    assert "\n" not in hidden and "[1] 淮安｜《全民参保百问百答》" in hidden
    assert "<br>[1] 淮安｜《全民参保百问百答》｜六十、住院医疗待遇｜发布于 2025-09-01<br>起付线 报销比例<br>一级医院 300元 85%" in hidden


def test_a_question_back_to_the_resident_has_no_rating_or_copy_controls(service):
    reply = ui_chat.ask(service, "住院报销", "淮安", None, [])
    assert "yb-actions" not in reply.messages()[1]["content"]


@pytest.mark.parametrize(("request_text", "wanted"), [("0:1", (0, 1)), ("12:-1", (12, -1)), ("", None),
                                                      ("3:2", None), ("x:1", None), ("1:1;2:1", None)])
def test_a_rating_request_of_the_page_is_turn_and_rating(request_text, wanted):
    assert ui_chat.parse_rating_request(request_text) == wanted


class _Found:
    """A search returning passages of the given (city, section) units of one document each."""

    def __init__(self, units):
        self.units = units
        self.asked = []

    def search(self, query, city=None, k=5):
        from bot.retrieval.passage import Passage

        self.asked.append((query, city))
        return [Passage(f"c{i}", doc, unit_city, section.split(" > ")[-1], section, "qa", None, 0.5, "原文")
                for i, (doc, unit_city, section) in enumerate(self.units)][:k]


# residents' questions of hand-made units, as corpus/similar_questions/ gives them: a keyword line
# first, then sentences (one with a homophone typo, 报消 for 报销)
UNITS = {
    ("sz-doc", "三、门诊待遇 > 门诊统筹"): ("随州 门诊统筹 报销比例", "随州居民医保看门诊能报多少", "门诊一年封顶多少钱"),
    ("sz-doc", "三、门诊待遇 > 两病门诊"): ("两病 门诊", "住院报消比例多少", "高血压门诊拿药一年能报多少？"),
    ("sz-doc", "二、参保缴费"): ("随州居民医保一年交多少钱",),
    ("sz-doc", "五、职工医保 > 个人账户"): ("每月划入个人账户多少钱",),
    ("sz-doc", "四、住院待遇"): ("随州职工医保住院报多少", "随州住院起付线多少"),
    ("ha-doc", "住院"): ("淮安住院起付线多少",),
}
SZ_UNITS = [("sz-doc", "随州", section) for (doc, section) in UNITS if doc == "sz-doc"]


@pytest.fixture
def units(monkeypatch):
    from bot.answers import related

    monkeypatch.setattr(related, "unit_questions", lambda: UNITS)


def test_related_questions_are_residents_sentences_of_other_units_found_in_the_city(units):
    service = _Found(SZ_UNITS + [("ha-doc", "淮安", "住院")])
    answer = {"city": "随州", "citations": [{"n": 1, "doc_id": "sz-doc", "section": "三、门诊待遇 > 门诊统筹"}]}
    assert ui_chat.related_questions(service, "随州门诊报销", answer) == [
        "高血压门诊拿药一年能报多少？", "随州居民医保一年交多少钱？", "随州住院起付线多少？"]
    assert service.asked == [("随州门诊报销", "随州")]


def test_related_questions_may_be_about_the_employee_scheme_when_the_resident_asked_about_it(units):
    answer = {"city": "随州", "citations": []}
    related = ui_chat.related_questions(_Found(SZ_UNITS), "随州职工医保门诊报销", answer)
    assert related == ["随州居民医保看门诊能报多少？", "高血压门诊拿药一年能报多少？", "随州居民医保一年交多少钱？"]
    later = ui_chat.related_questions(_Found(SZ_UNITS[3:]), "随州职工医保门诊报销", answer)
    assert later == ["每月划入个人账户多少钱？", "随州职工医保住院报多少？"]


def test_a_question_the_resident_just_asked_is_not_offered_again(units):
    answer = {"city": "随州", "citations": []}
    assert ui_chat.related_questions(_Found(SZ_UNITS[2:3]), "随州居民医保一年交多少钱？", answer) == []


def test_a_follow_up_question_gets_no_related_questions(units):
    answer = {"city": "随州", "follow_up": {"question": "请问您在哪一级医院住院？"}}
    assert ui_chat.related_questions(_Found(SZ_UNITS), "住院", answer) == []


@pytest.mark.parametrize("city", CITIES)
def test_every_city_has_residents_questions_to_offer_in_the_corpus(city):
    """猜你想问 is sourced from corpus/similar_questions/: each city's documents offer clean questions."""
    from bot.answers import related
    from corpus.catalogue import load_catalogue

    documents = {d.id for d in load_catalogue() if d.city == city}
    offered = [related.offerable(questions, city, False)
               for (doc_id, _), questions in related.unit_questions().items() if doc_id in documents]
    assert len([q for q in offered if q]) >= 3
