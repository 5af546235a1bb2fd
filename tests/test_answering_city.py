"""Which city an answer is for: a question naming none is asked back rather than declined in the name
of a city the search happened to find first; the city tag never breaks a table; a follow-up that
changes one slot (那二级医院呢) asks the figure of the question it follows."""

import datetime as dt

from bot.answers.answering import CITY_QUESTION, Answerer
from bot.storage.sessions import InMemorySessionStore
from tests.test_compose import passage_with

# 淮安 100问 (二)住院医疗待遇: "一级医院 300 元 85% 240000 元 / 二级医院 600 元 75% / 三级医院 900 元 65%"
HUAIAN_INPATIENT = passage_with("ha-2026-100qa", "市外定点医院\t1200 元")
# 淮安 100问 三十一: "新生儿在出生后 90 天内参保缴费的，从出生之日起享受基本医疗保险待遇"
HUAIAN_NEWBORN = passage_with("ha-2026-100qa", "新生儿在出生后 90 天内参保缴费的")
# 长春 handbook: "新生儿出生后，应在90天内在街道公共服务中心办理居民医保参保登记"
CHANGCHUN_NEWBORN = passage_with("cc-policy-handbook", "新生儿出生后，应在90天内")
# a question the newborn passages do not answer
UNANSWERED = "门诊慢特病的认定申请要交哪些材料"


def answerer(search):
    return Answerer(search=search, sessions=InMemorySessionStore(), today=lambda: dt.date(2026, 6, 1))


def test_a_question_naming_no_city_that_the_first_city_cannot_answer_asks_for_the_city():
    def two_cities(query, city=None, k=5):
        return [HUAIAN_NEWBORN, CHANGCHUN_NEWBORN]

    answer = answerer(two_cities).answer(UNANSWERED)
    assert not answer.refused
    assert answer.follow_up is not None and answer.follow_up.question == CITY_QUESTION


def test_a_question_naming_no_city_is_declined_when_every_passage_is_of_one_city():
    def one_city(query, city=None, k=5):
        return [HUAIAN_NEWBORN]

    answer = answerer(one_city).answer(UNANSWERED)
    assert answer.refused
    assert answer.follow_up is None


def test_a_table_answer_keeps_its_header_row_at_the_start_of_a_line():
    def inpatient(query, city=None, k=5):
        return [HUAIAN_INPATIENT]

    text = answerer(inpatient).answer("淮安住院起付线多少").answer
    rows = [line for line in text.splitlines() if "|" in line]
    assert rows and all(line.startswith("|") for line in rows)


def test_a_level_follow_up_gives_that_levels_figure_of_the_question_before():
    def inpatient(query, city=None, k=5):
        return [HUAIAN_INPATIENT]

    bot = answerer(inpatient)
    first = bot.answer("淮安三级医院住院起付线多少？")
    second = bot.answer("那二级医院呢？", session_id=first.session_id)
    assert "900元" in first.answer
    assert "600元" in second.answer and "900元" not in second.answer


# 淮安 100问: "封顶线是指医保基金的年度最高支付限额，也就是参保人在一个自然年度内累计能报销的基金最高额度。"
HUAIAN_CAP_MEANING = passage_with("ha-2026-100qa", "封顶线是指医保基金的年度最高支付限额")


def test_what_a_term_means_is_answered_without_asking_the_city():
    def two_cities(query, city=None, k=5):
        return [HUAIAN_CAP_MEANING, CHANGCHUN_NEWBORN, HUAIAN_INPATIENT]

    answer = answerer(two_cities).answer("封顶线是什么意思")
    assert answer.follow_up is None and not answer.refused
    assert "封顶线是指医保基金的年度最高支付限额" in answer.answer


def test_a_figure_of_the_same_term_asks_the_city():
    def two_cities(query, city=None, k=5):
        return [HUAIAN_CAP_MEANING, CHANGCHUN_NEWBORN, HUAIAN_INPATIENT]

    answer = answerer(two_cities).answer("封顶线是多少")
    assert answer.follow_up is not None and answer.follow_up.question == CITY_QUESTION
