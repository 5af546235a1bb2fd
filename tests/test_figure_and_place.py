"""A question asking a figure and where to go (出生后多久内、去哪办): the figure from the rules data, the
place from the documents' own words, which the rules data never hold.

长春 手册 Q33: "新生儿出生后，应在90天内在街道公共服务中心办理居民医保参保登记".
"""

from __future__ import annotations

import datetime as dt

from bot.answers.answering import Answerer
from tests.test_compose import passage_with


def test_a_figure_asked_beside_where_to_go_is_followed_by_the_documents_place():
    newborn = passage_with("cc-policy-handbook", "应在90天内在街道公共服务中心")
    answerer = Answerer(search=lambda *a, **k: [newborn], today=lambda: dt.date(2026, 12, 1))
    a = answerer.answer("长春刚出生的孩子多久内要参保，在哪里办")
    assert not a.refused
    assert "90天" in a.answer
    assert "街道公共服务中心" in a.answer


def test_a_keyword_query_names_what_it_asks_with_nouns_that_are_no_content_of_their_own():
    from bot.answers.evidence import profile_question
    profile = profile_question("长春 新生儿 参保 时限 地点")
    assert {"时限", "地点"}.isdisjoint(t.surface for t in profile.terms)
    assert {"duration", "place"} <= profile.figure_kinds
