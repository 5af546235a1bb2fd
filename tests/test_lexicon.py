"""The policy lexicon: policy terms stay whole tokens, synonyms map to their canonical term."""

import pytest

from ingest.lexicon import (
    LexiconError,
    load_synonym_groups,
    load_synonyms,
    load_user_dict,
    tokenize,
)


@pytest.mark.parametrize(
    "term", ["起付线", "大病保险", "门诊慢特病", "两病", "家庭医生签约", "门诊统筹", "医疗救助"]
)
def test_tokenize_keeps_policy_term_whole_inside_a_sentence(term):
    assert term in tokenize(f"请问{term}怎么规定的")


def test_tokenize_maps_synonym_to_canonical_term():
    assert tokenize("起付标准是多少") == ["起付线", "是", "多少"]


def test_tokenize_maps_old_scheme_name_to_resident_scheme():
    assert "城乡居民医保" in tokenize("新农合还能报销吗")


def test_tokenize_drops_punctuation_and_whitespace():
    assert tokenize("大病保险， 二次报销？\n") == ["大病保险", "大病保险"]


def test_tokenize_folds_full_width_characters():
    assert tokenize("报销５０％") == tokenize("报销50%")


def test_search_mode_also_emits_words_inside_a_long_term():
    tokens = tokenize("城乡居民医保", for_search=True)
    assert {"医保", "城乡居民医保"} <= set(tokens)


def test_synonyms_map_every_variant_to_first_term_of_its_group():
    synonyms = load_synonyms()
    assert synonyms["起付标准"] == "起付线"
    assert synonyms["最高支付限额"] == "封顶线"
    assert synonyms["二次报销"] == "大病保险"
    assert synonyms["新农合"] == "城乡居民医保"


def test_every_lexicon_term_is_one_token_on_its_own():
    terms = [word for word, _, _ in load_user_dict()] + [t for group in load_synonym_groups() for t in group]
    split = [t for t in terms if len(tokenize(t)) != 1]
    assert split == []


def test_synonym_file_with_a_term_in_two_groups_is_rejected(tmp_path):
    path = tmp_path / "synonyms.txt"
    path.write_text("起付线 起付标准\n门槛 起付标准\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="起付标准"):
        load_synonym_groups.__wrapped__(path)


def test_user_dict_line_without_frequency_is_rejected(tmp_path):
    path = tmp_path / "userdict.txt"
    path.write_text("起付线 nz\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="word freq tag"):
        load_user_dict.__wrapped__(path)
