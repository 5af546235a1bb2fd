"""Reading a question into content terms, and matching them in document text (bot.answers.evidence)."""

from __future__ import annotations

from bot.answers.evidence import Term, in_city_documents, mentions, profile_question, zero_figures_in
from bot.answers.sentences import join_units, split_units


def surfaces(question: str) -> list[str]:
    return [t.surface for t in profile_question(question).terms]


def test_city_names_and_question_words_are_not_content_terms():
    assert surfaces("淮安的门诊特殊病在二级医院看，报销比例按多少算？") == ["门诊特殊病", "二级医院", "报销比例"]


def test_district_names_stay_content_terms():
    assert "南关区" in surfaces("在长春南关区医院住院交多少？")


def test_years_and_figures_of_the_question_are_read():
    profile = profile_question("淮安大病保险2026年6万到10万那一段报多少？")
    assert profile.years == ("2026",)
    assert [str(q.value) for q in profile.figures] == ["60000", "100000"]


def test_one_year_is_not_a_figure_asked_about():
    assert profile_question("一年的居民医保个人大概要交多少钱？").figures == ()


def test_duo_shao_needs_a_figure_and_says_which_kind():
    profile = profile_question("双通道药品报销比例是多少？")
    assert (profile.needs_figure, profile.figure_kinds) == (True, frozenset({"percent"}))


def test_validity_question_does_not_need_a_figure():
    assert not profile_question("长期异地就医备案有效期是多长时间？").needs_figure


def test_lexicon_synonym_matches():
    term = next(t for t in profile_question("起付标准是多少").terms if t.surface == "起付标准")
    assert mentions(term, "三级医院起付线800元")


def test_level_list_names_each_level():
    term = next(t for t in profile_question("一级医院报多少").terms if t.surface == "一级医院")
    assert mentions(term, "在一、二、三级医院可报销65%至75%不等")
    assert mentions(term, "一级（乡镇卫生院、社区卫生服务中心）医院200元")


def test_abbreviation_of_a_lexicon_term_matches_its_group():
    term = next(t for t in profile_question("大病保险年度封顶多少").terms if t.surface == "封顶")
    assert mentions(term, "年度最高支付限额40万元。")


def test_term_absent_from_a_city_documents():
    day_surgery = Term("日间手术", "日间手术", 3.8, "nz", True)
    assert in_city_documents(day_surgery, "淮安")
    assert not in_city_documents(day_surgery, "连云港")


def test_units_are_whole_sentences_and_rows():
    text = "## 二、缴费标准\n\n大中专院校在校学生每人每年350元，其他在校学生每人每年420元。18周岁以下420元；成年440元。\n\n11 慢性肾功能不全 440元 20 支气管哮喘 210元"
    units = split_units(text)
    assert [(u.kind, u.text) for u in units] == [
        ("heading", "二、缴费标准"),
        ("sentence", "大中专院校在校学生每人每年350元，其他在校学生每人每年420元。"),
        ("sentence", "18周岁以下420元；"),
        ("sentence", "成年440元。"),
        ("row", "11 慢性肾功能不全 440元 20 支气管哮喘 210元"),
    ]
    assert units[1].heading == "二、缴费标准"


def test_page_metadata_lines_are_marked():
    units = split_units("时间：2025-10-27 | 来源：连云港日报\n\n根据国家和省市要求，现将有关事项告知如下。")
    assert [u.kind for u in units] == ["meta", "sentence"]


def test_joined_units_end_as_a_sentence():
    units = split_units("11 慢性肾功能不全 440元\n12 肺源性心脏病 300元")
    assert join_units(units) == "11 慢性肾功能不全440元；12 肺源性心脏病300元。"


# ---------------------------------------------------------------------------------------------
# figures the number reader does not see, and everyday words


def test_a_phone_question_is_answered_by_a_phone_number():
    from bot.answers.evidence import figure_kinds_in

    # 长春 handbook: "榆树市医保业务咨询电话：83850067"
    assert profile_question("榆树市医保业务咨询电话是多少？").figure_kinds == frozenset({"phone"})
    assert "phone" in figure_kinds_in("榆树市医保业务咨询电话：83850067")


def test_a_count_in_chinese_numerals_is_a_count():
    from bot.answers.evidence import figure_kinds_in

    # 淮安 question 68: "二类为低保边缘家庭成员"
    assert figure_kinds_in("二类为低保边缘家庭成员") == frozenset({"count"})


def test_paying_the_deductible_names_an_amount():
    from bot.answers.evidence import figure_kinds_in

    # 随州 brochure: "入院时只需缴纳基本医保住院起付标准费用"
    assert figure_kinds_in("入院时只需缴纳基本医保住院起付标准费用") == frozenset({"money"})


def test_a_count_asked_in_a_classifier_needs_that_classifier():
    from bot.answers.evidence import states_count

    classifiers = profile_question("门诊慢性病一共管多少种病？").classifiers
    assert classifiers == frozenset({"种"})
    assert states_count("居民医保18种慢性病在门诊的用药", classifiers)
    assert not states_count("每增加一个病种，在单病种年限额基础上增加480元", classifiers)


def test_a_count_said_with_ge_before_a_noun_in_the_classifier_is_a_count():
    from bot.answers.evidence import states_count

    # 随州 brochure: "…强直性脊柱炎共10个病种"; 淮安 Q&A: "省定病种 11 种"
    assert states_count("目前支持高血压、糖尿病等共10个病种", frozenset({"种"}))
    assert states_count("我市居民医保门特病种范围：省定病种 11 种", frozenset({"种"}))


def test_one_or_an_ordinal_before_ge_is_no_count():
    from bot.answers.evidence import states_count

    # 淮安 两病 table: "年度基金支付 限额 (1 个病种)" is what the limit is per, not how many there are
    assert not states_count("年度基金支付 限额 (1 个病种)", frozenset({"种"}))
    assert not states_count("第二个病种起每种另加限额", frozenset({"种"}))


def test_an_everyday_word_matches_the_documents_word():
    term = next(t for t in profile_question("在连云港生孩子住院怎么报？").terms if t.surface == "生孩子")
    assert mentions(term, "住院分娩合规医疗费用先按照城乡居民医保普通住院进行报销")


def test_a_long_term_matches_its_words_said_apart():
    term = next(t for t in profile_question("门诊慢性病一共管多少种病？").terms if t.surface == "门诊慢性病")
    assert mentions(term, "居民医保18种慢性病在门诊的用药")


def test_asking_百分之多少_asks_for_a_rate_only():
    # 随州 brochure: "低保对象 按城乡居民医保年度个人缴费标准 90%比例给予定额资助"; the 标准 in the
    # question names what the rate applies to, not an amount asked for
    from bot.answers.evidence import profile_question

    profile = profile_question("随州低保户参加居民医保，政府按个人缴费标准资助百分之多少？")
    assert profile.figure_kinds == frozenset({"percent"})


def test_column_names_line_does_not_replace_the_section_heading():
    # 淮安 100问 Q60: "（二）住院医疗待遇" then "医院等级\t起付线\t报销比例\t年度基金支付限额"
    units = split_units("（二）住院医疗待遇\n\n医院等级\t起付线\t报销比例\n一级医院\t300 元\t85%")
    row = units[-1]
    assert (row.kind, row.text, row.heading, row.header) == (
        "row", "一级医院 300元 85%", "（二）住院医疗待遇", "医院等级 起付线 报销比例")


def test_a_figure_stated_as_nothing_is_read_by_its_aspect():
    # 随州 brochure: "过渡期内住院不设起付标准"; 淮安 Q: "居民大病保险不用另行缴费"
    assert zero_figures_in("过渡期内住院不设起付标准，2026年起执行城乡居民住院起付标准。") == {"deductible"}
    assert zero_figures_in("居民大病保险不用另行缴费，参加基本医保，自动享受大病报销待遇。") == {"contribution"}


def test_a_missed_payment_is_not_a_figure_stated_as_nothing():
    assert zero_figures_in("未在集中缴费期内缴纳居民医保费的，设置固定待遇等待期") == frozenset()


def test_a_number_of_months_asked_is_a_duration_not_a_count():
    profile = profile_question("身份确定前多少个月的医疗费用可以救助")
    assert (profile.figure_kinds, profile.classifiers) == (frozenset({"duration"}), frozenset())


def test_a_number_of_hospitals_asked_is_a_count():
    profile = profile_question("可以选几个定点医院")
    assert (profile.figure_kinds, profile.classifiers) == (frozenset({"count"}), frozenset({"个"}))


def test_a_rate_changed_by_percentage_points_states_a_percent_figure():
    from bot.answers.evidence import figure_kinds_in

    for text in ("支付比例降低 20 个百分点", "报销比例提高十个百分点", "各段提高5百分点"):
        assert "percent" in figure_kinds_in(text), text


def test_a_call_centre_framing_adds_no_term():
    assert surfaces("市民来电：随州门诊慢特病怎么申请") == surfaces("随州门诊慢特病怎么申请")


def test_the_copula_of_a_call_centre_note_is_not_a_term():
    assert "系" not in surfaces("坐席：来电人系长治居民，住院起付线多少")


def test_doing_something_in_advance_is_a_content_term():
    assert "提前" in surfaces("外地看病要不要提前备案")


def test_second_reimbursement_is_read_as_the_critical_illness_insurance():
    assert "大病保险" in [t.canonical for t in profile_question("二次报销的起付线多少").terms]


def test_full_width_digits_are_the_same_figure_as_half_width_ones():
    assert profile_question("住院费用３万元能报多少").figures == profile_question("住院费用3万元能报多少").figures


def test_a_hospital_level_before_any_facility_word_is_a_content_term():
    # the tokenizer reads 一级 in "一级诊所" as a numeral; the level is what the question is about
    terms = {t.surface for t in profile_question("在外地一级诊所看门诊能报吗").terms}
    assert "一级" in terms
