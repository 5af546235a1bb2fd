"""The policy lexicon: policy terms stay whole tokens, synonyms map to their canonical term."""

import pytest

from ingest.lexicon import (
    LexiconError,
    canonical_term,
    load_everyday_words,
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


def test_tokenize_maps_synonym_to_canonical_term_and_keeps_the_words_inside_it():
    assert tokenize("起付标准是多少") == ["起付线", "标准", "是", "多少"]


def test_tokenize_maps_old_scheme_name_to_resident_scheme():
    assert "城乡居民医保" in tokenize("新农合还能报销吗")


def test_tokenize_drops_punctuation_and_whitespace():
    assert tokenize("大病保险， 二次报销？\n") == ["大病保险", "大病", "保险", "大病保险", "二次", "报销"]


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
    terms += [w for word, targets in load_everyday_words().items() for w in (word, *targets)]
    split = [t for t in terms if canonical_term(t) is None]
    assert split == []


def test_a_compound_term_keeps_its_canonical_form_and_its_parts():
    # the documents write 异地就医备案; a question may say 异地就医 and 备案 apart
    assert tokenize("异地就医备案") == ["异地备案", "异地", "就医", "备案", "异地就医"]


def test_a_question_naming_the_parts_of_a_compound_shares_them_with_the_passage():
    passage = set(tokenize("请先办理异地就医备案"))
    assert {"异地就医", "备案"} <= passage


def test_an_everyday_word_brings_the_documents_words_for_it():
    tokens = tokenize("在连云港生孩子住院怎么报")
    assert {"生孩子", "分娩", "生育", "住院分娩"} <= set(tokens)


def test_an_everyday_word_of_one_character_is_not_expanded_for_search():
    assert tokenize("交") == ["交"]


def test_colloquial_newborn_maps_to_the_documents_term():
    assert tokenize("刚出生")[0] == "新生儿"


def test_everyday_words_are_read_from_arrow_lines(tmp_path):
    path = tmp_path / "synonyms.txt"
    path.write_text("起付线 起付标准\n生孩子 => 分娩 生育\n", encoding="utf-8")
    assert load_everyday_words.__wrapped__(path) == {"生孩子": ("分娩", "生育")}
    assert load_synonym_groups.__wrapped__(path) == (("起付线", "起付标准"),)


def test_an_everyday_line_without_document_words_is_rejected(tmp_path):
    path = tmp_path / "synonyms.txt"
    path.write_text("生孩子 =>\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="doc-word"):
        load_everyday_words.__wrapped__(path)


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


def test_the_family_named_by_residents_matches_the_documents_words_for_it():
    # 随州: "家庭成员限于配偶、父母、子女、兄弟姐妹"; 淮安: "可为哪些近亲属缴纳居民医保费"
    from bot.answers.evidence import mentions, profile_question
    term = next(t for t in profile_question("个人账户能给哪些亲属交医保").terms if t.surface == "亲属")
    assert mentions(term, "家庭成员限于配偶、父母、子女、兄弟姐妹")
    assert mentions(term, "职工医保个人账户可为哪些近亲属缴纳居民医保费")


@pytest.mark.parametrize(("grade", "level"), [("三甲", "三级医院"), ("三乙", "三级医院"), ("二甲", "二级医院"),
                                             ("三级甲等", "三级医院")])
def test_a_hospital_grade_names_its_level(grade, level):
    # 长治's tables grade by 三级甲等 (一类收费标准（三级甲等）); residents say 三甲 for the same hospitals
    assert level in tokenize(f"去{grade}看病")


@pytest.mark.parametrize("word", ["媳妇", "老婆", "老公", "爱人"])
def test_a_spouse_named_by_residents_is_the_documents_spouse_not_a_pregnant_woman(word):
    tokens = tokenize(f"我{word}也要参保")
    assert "配偶" in tokens and "孕产妇" not in tokens


@pytest.mark.parametrize(("lay", "clinical"), [
    ("老年痴呆", "阿尔茨海默症"),    # 长治: "40 阿尔茨海默症 495元"
    ("慢阻肺", "慢性阻塞性肺疾病"),  # 长春, 长治, 随州 list 慢性阻塞性肺疾病
    ("甲亢", "甲状腺功能亢进症"),    # 长春's list
    ("精神病", "严重精神障碍"),      # 淮安, 连云港, 随州: 严重精神障碍
    ("癌症", "恶性肿瘤"),
    ("洗肾", "透析"),
])
def test_a_listed_disease_named_the_everyday_way_finds_its_clinical_name(lay, clinical):
    assert clinical in tokenize(f"得了{lay}门诊能报吗", for_search=True)
