"""The one reader of the word-class files of corpus/lexicon/."""

import re

import pytest

from corpus import LEXICON_DIR
from corpus.word_classes import WordClassesError, alternation, load_word_classes


def _write(tmp_path, text):
    path = tmp_path / "classes.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_words_come_longest_first_and_in_file_order_within_one_length(tmp_path):
    path = _write(tmp_path, "# a comment\nfruit: 梨 苹果 桃 香蕉 西红柿 梨\n")
    assert load_word_classes(path) == {"fruit": ("西红柿", "苹果", "香蕉", "梨", "桃")}


def test_a_class_outside_the_names_given_is_an_error(tmp_path):
    path = _write(tmp_path, "fruit: 梨\nvegetable: 白菜\n")
    with pytest.raises(WordClassesError, match="vegetable"):
        load_word_classes(path, ("fruit",))


def test_a_line_without_words_is_an_error(tmp_path):
    with pytest.raises(WordClassesError):
        load_word_classes(_write(tmp_path, "fruit:\n"))


def test_alternation_takes_each_word_literally():
    pattern = re.compile(alternation(("vs", "/", "a.b")))
    assert pattern.fullmatch("a.b") and pattern.fullmatch("/")
    assert not pattern.fullmatch("axb")


@pytest.mark.parametrize("name", ["intents.txt", "question_terms.txt", "framing.txt", "channels.txt"])
def test_every_class_of_a_lexicon_file_has_a_comment_line_saying_what_it_is(name):
    lines = (LEXICON_DIR / name).read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines):
        if line and not line.startswith("#"):
            class_name = line.partition(":")[0]
            block = []  # the comment lines right above the class
            for earlier in reversed(lines[:number]):
                if not earlier.startswith("#"):
                    break
                block.append(earlier)
            assert any(comment.startswith(f"# {class_name}:") for comment in block), class_name
