"""Splitting a message into the questions it asks (bot.understanding.parts)."""

from bot.understanding.parts import (
    Part,
    contrasted_topic,
    elliptical_subject,
    figures_asked,
    is_question,
    parallel_subject,
    question_parts,
    topic_of,
)


def test_two_questions_ending_in_question_marks_are_two_parts():
    parts = question_parts("长春新生儿多少天内要参保？去哪里办理？")
    assert [p.text for p in parts] == ["长春新生儿多少天内要参保", "去哪里办理"]


def test_a_statement_before_the_questions_is_their_context():
    parts = question_parts("我家娃上个月刚出生。要在几天内参保？在哪办？")
    assert [p.context for p in parts] == ["我家娃上个月刚出生，", "我家娃上个月刚出生，"]
    assert parts[0].read_with_context == "我家娃上个月刚出生，要在几天内参保"


def test_a_string_of_keywords_is_one_question():
    assert question_parts("随州 门诊 慢特病 报销比例 限额") == [Part("随州 门诊 慢特病 报销比例 限额")]


def test_one_question_after_a_statement_is_one_part_of_the_whole_message():
    assert question_parts("我是低保户。住院能报多少？") == [Part("我是低保户。住院能报多少？")]


def test_an_elliptical_question_ending_in_a_particle_is_a_part():
    parts = question_parts("住院起付线多少？门诊呢？")
    assert [p.text for p in parts] == ["住院起付线多少", "门诊呢"]


def test_a_clause_ending_with_a_question_particle_is_a_question():
    assert is_question("这个药能报不啊")


def test_a_verb_repeated_around_bu_asks():
    assert is_question("转院要不要备案")


def test_a_statement_is_not_a_question():
    assert not is_question("我不是低保户")


def test_a_clause_saying_something_is_gone_is_a_statement_not_a_question():
    assert not is_question("听人讲这个补贴早就取消没了")
    assert not is_question("老家的合作医疗早就没有了")


def test_what_a_resident_heard_after_the_question_is_read_with_it_as_one_part():
    message = "还能在乡镇交新农合吗？听人讲早就并到居民医保里没了"
    assert question_parts(message) == [Part(message)]


def test_a_lone_particle_asks_nothing_of_its_own():
    assert not is_question("吗")


def test_the_topic_of_a_question_is_what_comes_before_the_figure_asked():
    assert topic_of("长治低保户的大病保险起付线多少") == "长治低保户的大病保险"


def test_the_topic_of_a_question_is_what_comes_before_its_question_word():
    assert topic_of("淮安门诊特殊病怎么申请") == "淮安门诊特殊病"


def test_a_short_clause_ending_in_ne_that_asks_nothing_else_is_elliptical():
    assert elliptical_subject("那其他病种呢") == "其他病种"


def test_a_clause_with_its_own_question_word_is_not_elliptical():
    assert elliptical_subject("要什么材料呢") is None


def test_a_clause_naming_its_own_figure_is_not_elliptical():
    assert elliptical_subject("封顶线呢") is None


def test_the_figures_asked_are_named_in_their_order_longest_word_first():
    assert figures_asked("大病保险起付标准多少，报销比例呢") == "起付标准、报销比例"


def test_a_subject_naming_one_scheme_drops_the_other_scheme_from_the_topic():
    assert contrasted_topic("长治冠心病门诊慢病，职工医保每月", "居民医保") == "长治冠心病门诊慢病，每月"


def test_a_subject_naming_no_contrast_word_keeps_the_topic():
    assert contrasted_topic("淮安门特", "其他病种") == "淮安门特"


def test_a_subject_asked_again_with_you_is_the_subject_of_a_parallel_question():
    assert parallel_subject("县里定的又有几种") == "县里定"


def test_a_clause_asking_something_new_after_you_is_not_a_parallel_question():
    assert parallel_subject("后来又补交了吗") is None


def test_a_subject_of_one_kind_with_a_word_of_the_topic_drops_that_word():
    assert contrasted_topic("随州门诊慢特病省里定", "市里定") == "随州门诊慢特病"


def test_a_two_character_subject_drops_no_word_that_only_looks_like_it():
    assert contrasted_topic("签了家庭医生的门诊统筹", "学生") == "签了家庭医生的门诊统筹"
