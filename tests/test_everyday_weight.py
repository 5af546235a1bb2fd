"""An everyday word the lexicon gives document words for weighs as those words (bot/answers/evidence.py).

synonyms.txt: "血透 => 血液透析 透析"; 长春 手册 Q34 says "血液透析低自付实现了在市级医疗机构只需自付800元".
"""

from __future__ import annotations

import pytest

from bot.answers.evidence import profile_question


def test_an_abbreviated_treatment_weighs_as_its_document_name_and_counts_as_a_documents_word():
    said = next(t for t in profile_question("做血透一年要花多少").terms if t.surface == "血透")
    document = next(t for t in profile_question("做血液透析一年要花多少").terms if t.surface == "血液透析")
    assert said.in_corpus
    assert said.weight == pytest.approx(document.weight)


def test_a_word_no_document_uses_and_the_lexicon_does_not_map_keeps_the_unknown_weight():
    term = next(t for t in profile_question("我家邻居说的那个事").terms if t.surface == "邻居")
    assert not term.in_corpus
