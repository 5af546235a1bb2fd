"""Similar questions (相似问): every unit of the corpus has an entry, every entry names a unit, and
keys survive a change of chunking elsewhere in the document."""

from __future__ import annotations

import pytest

from ingest import similar_questions as sq
from ingest.chunk import Chunk
from ingest.chunking import chunk_corpus


def chunk(doc_id: str, order: int, section: str, text: str = "正文") -> Chunk:
    return Chunk(doc_id=doc_id, city="淮安", title=section, section=section, kind="qa", text=text,
                 clean_text=text, order=order)


def questions_file(doc_id: str, units: list[dict]) -> sq.DocumentQuestions:
    return sq.DocumentQuestions.model_validate({"doc_id": doc_id, "units": units})


def test_every_unit_of_the_corpus_has_an_entry_and_every_entry_names_a_unit():
    assert sq.problems(chunk_corpus(), sq.load()) == []


QUESTIONS_PER_UNIT = 8


def test_every_entry_of_the_corpus_gives_exactly_eight_questions_or_a_skip_reason():
    counts = {key: len(entry.questions) for key, entry in sq.entries(sq.load()) if not entry.skip}
    wrong = {key.describe(): n for key, n in counts.items() if n != QUESTIONS_PER_UNIT}
    assert counts and not wrong, wrong


def test_no_entry_of_the_corpus_repeats_a_question():
    repeated = {key.describe(): sorted(q for q in set(texts) if texts.count(q) > 1)
                for key, entry in sq.entries(sq.load()) if not entry.skip
                for texts in [[q.strip() for q in entry.questions]] if len(set(texts)) != len(texts)}
    assert not repeated, repeated


def test_a_unit_is_keyed_by_its_place_within_its_section_not_by_its_order_number():
    chunks = [chunk("d", 0, "一、参保"), chunk("d", 1, "二、待遇"), chunk("d", 2, "二、待遇")]
    assert set(sq.unit_keys(chunks)) == {sq.UnitKey("d", "一、参保"), sq.UnitKey("d", "二、待遇", 1),
                                         sq.UnitKey("d", "二、待遇", 2)}


def test_a_unit_added_in_another_section_leaves_the_keys_resolving_to_the_same_chunks():
    before = [chunk("d", 0, "一、参保", "甲"), chunk("d", 1, "二、待遇", "乙")]
    after = [chunk("d", 0, "前言", "序"), chunk("d", 1, "一、参保", "甲"), chunk("d", 2, "二、待遇", "乙")]
    doc = questions_file("d", [{"section": "一、参保", "questions": ["怎么参保"]},
                               {"section": "二、待遇", "questions": ["能报多少"]}, {"section": "前言", "skip": "导语"}])
    assert [(q.chunk_id, q.text) for q in sq.resolve(before, [doc])] == [("d#0000", "怎么参保"), ("d#0001", "能报多少")]
    assert [(q.chunk_id, q.text) for q in sq.resolve(after, [doc])] == [("d#0001", "怎么参保"), ("d#0002", "能报多少")]


def test_an_entry_naming_no_unit_and_a_unit_without_an_entry_are_both_reported():
    chunks = [chunk("d", 0, "一、参保")]
    doc = questions_file("d", [{"section": "三、不存在", "questions": ["问"]}])
    assert sq.problems(chunks, [doc]) == ["entry names no unit: d | 三、不存在",
                                          "unit has no entry: d | 一、参保 (d#0000)"]


def test_a_unit_named_twice_is_reported():
    chunks = [chunk("d", 0, "一、参保")]
    doc = questions_file("d", [{"section": "一、参保", "questions": ["问一"]},
                               {"section": "一、参保", "questions": ["问二"]}])
    assert sq.problems(chunks, [doc]) == ["unit has 2 entries: d | 一、参保"]


@pytest.mark.parametrize("unit", [{"section": "一", "questions": ["问"], "skip": "页眉"}, {"section": "一"},
                                  {"section": "一", "questions": [" "]}])
def test_an_entry_gives_either_questions_or_a_skip_reason(unit):
    with pytest.raises(ValueError):
        questions_file("d", [unit])


def test_a_malformed_file_is_named_in_the_error(tmp_path):
    (tmp_path / "bad.yaml").write_text("doc_id: d\nunits:\n  - section: 一\n    questoins: [问]\n", encoding="utf-8")
    with pytest.raises(ValueError, match="bad.yaml"):
        sq.load(tmp_path)


def test_the_digest_changes_when_a_file_changes(tmp_path):
    path = tmp_path / "d.yaml"
    path.write_text("doc_id: d\nunits:\n  - section: 一\n    questions: [怎么参保]\n", encoding="utf-8")
    before = sq.digest(tmp_path)
    path.write_text("doc_id: d\nunits:\n  - section: 一\n    questions: [如何参保]\n", encoding="utf-8")
    assert sq.digest(tmp_path) != before
