"""Inpatient figures answered from the rules data (bot.answers.facts), through the answering path.

Figures, from the documents:
- 淮安 百问百答 Q60: "一级医院 300 元 85% 240000 元 二级医院 600 元 75% 三级医院 900 元 65%".
- 连云港 2026 notice: "一、二、三级医院住院起付线分别为200元、400元、800元", rates 85%、75%、65%;
  2018 notice: "报销比例分别提高至85%、75%、70%"; "在校学生和未成年人…提高10个百分点".
- 连云港 2026 notice: "100000元以上部分…报销比例低于90%的，提高到90%".
- 长春 手册: "省及省以上为1200元（学生600元）；市级为800元（学生400元）"; "乙类药品和诊疗项目个人自付部分费用10%".
- 长治 待遇标准: "起付标准 100元 400元 500元 1000元 1500元 支付比例 85% 75% 70% 60% 55%",
  "基本基金年累计最高支付医疗费用限额7万元".
- 随州 手册: "一级定点 200 0 90%", "二级定点 500 0 80%", "三级定点 900 0 70%", 限额为15万元.
大病保险:
- 淮安 Q60（七）: 起付标准 18000 元; 6 万元以内 60%、6 万元至 10 万元 70%、10 万元以上 85%; 医疗救助对象
  起付标准 9000 元, 各段 65%/75%/90%; 最高支付限额 50 万元.
- 连云港 2026 notice: "符合条件的困难居民大病保险起付标准降低为8000元，各费用段报销比例提高10个百分点".
- 随州 手册: "享受大病保险起付线降低50%，各段报销比例分别提高5%，不设封顶线"; 年度最高支付限额为35万元.
- 长治: "个人合规自付费用超过5万元以上部分，再按 50%的比例给于报销".
- 淮安 Q60: 连续参保 cap increase {step 5000, after 4 years, at most 20%}.
日间手术:
- 淮安: "采用日间手术治疗的，结算时不设起付标准", "由居民医保基金分别支付 80%、75%、70%".
- 随州: "日间手术病种参照住院待遇管理，其发生的属于政策范围内的医疗费用，不设起付标准".
个人缴费:
- 淮安 百问百答: "个人花 440 元购买一年的基本医疗保险", "在校学生个人缴费标准确定为 440 元/人" (2026年度).
- 随州 手册: "个人缴费 标准400元" (2025年的城乡居民基本医疗保险费); no other year is given.
- 长治: the document gives no resident contribution figures.
待遇等待期:
- 淮安: "设置固定待遇等待期 2 个月"; "新生儿在出生后 90 天内参保缴费的，从出生之日起享受基本医疗保险待遇".
- 连云港 2026 notice: "自身份转换之日起90天内(含90天)参加居民医保并按规定缴费到账，不设待遇等待期，自缴费到账次日起享受".
- 长春 手册: 集中缴费期后缴费的 "自缴费之日起满三个月" 享受待遇.
- 随州: the brochure gives no waiting period.
"""

import datetime as dt
import re

import pytest

from bot.answers.answering import Answerer
from bot.answers.facts import asked_aspects, figure_ask, load_figure_asks
from bot.understanding.slots import extract_slots
from corpus.word_classes import WordClassesError

TODAY = dt.date(2026, 12, 1)


@pytest.fixture
def answerer():
    return Answerer(search=lambda *a, **k: [], today=lambda: TODAY)


def table_rows(text: str) -> list[list[str]]:
    """The body rows of the answer's markdown table, citation marks removed."""
    lines = text.splitlines()
    rows = [line for n, line in enumerate(lines)
            if line.startswith("| ") and not (n + 1 < len(lines) and lines[n + 1].startswith("|---"))]
    return [[re.sub(r"\[\d+\]", "", cell).strip() for cell in row.strip("| ").split(" | ")] for row in rows]


def test_a_deductible_question_without_a_level_gives_every_level_as_a_table(answerer):
    a = answerer.answer("淮安住院起付线是多少？")
    assert a.intent == "policy" and not a.refused
    assert table_rows(a.answer) == [["一级", "300元"], ["二级", "600元"], ["三级", "900元"]]


def test_the_answer_names_its_city_in_its_first_words(answerer):
    assert answerer.answer("淮安住院起付线是多少？").answer.startswith("淮安")


def test_a_named_level_gives_only_that_row(answerer):
    a = answerer.answer("随州二级医院住院起付线")
    assert table_rows(a.answer) == [["二级", "500元"]]


def test_an_overview_question_gives_deductible_rate_and_cap(answerer):
    a = answerer.answer("随州 三级医院 住院 能报多少")
    assert table_rows(a.answer) == [["三级", "900元", "70%"]]
    assert "15万元" in a.answer


def test_each_figure_cites_the_passage_holding_its_quote(answerer):
    a = answerer.answer("淮安住院起付线是多少？")
    assert [c.doc_id for c in a.citations] == ["ha-2026-100qa"]
    assert "三级医院 900 元 65%" in re.sub(r"\s+", " ", a.citations[0].text)
    assert "[1]" in a.answer


def test_the_rules_in_force_today_answer_when_no_year_is_named(answerer):
    a = answerer.answer("连云港三级医院住院报销比例")
    assert table_rows(a.answer) == [["三级", "65%"]]


def test_a_named_year_is_answered_from_the_rules_in_force_that_year(answerer):
    a = answerer.answer("连云港2025年三级医院住院报销比例")
    assert table_rows(a.answer) == [["三级", "70%"]]
    assert "2025年" in a.answer.splitlines()[0]


def test_last_year_resolves_against_todays_year(answerer):
    a = answerer.answer("连云港去年三级医院住院报销比例是多少")
    assert table_rows(a.answer) == [["三级", "70%"]]


def test_an_inpatient_year_before_the_documents_rules_is_declined_naming_when_they_start(answerer):
    # 淮安's only source of inpatient figures is the 2026 百问百答 (in force from 2026-01-01):
    # a passage that merely mentions 2023 (the 举报奖励 rules of 2023-02-22) is no answer.
    a = answerer.answer("淮安2023年住院起付线是多少")
    assert a.refused
    assert "没有给出2023年的住院待遇标准（现有文件给出的是2026年1月1日起施行的规定）" in a.answer


def test_a_year_before_a_rules_section_starts_is_declined_for_figures_read_off_the_section(answerer):
    a = answerer.answer("淮安2025年门诊统筹报销比例")
    assert a.refused and "没有给出2025年的" in a.answer


def test_a_message_naming_two_years_is_not_declined_for_the_earlier_one(answerer):
    # 去年 is when the resident stopped paying, 今年 when he paid again: no year of the figure is named
    a = answerer.answer("去年断了没交，今年在淮安又交上了，住院起付线是多少")
    assert "没有给出2025年的住院待遇标准" not in a.answer


def test_a_future_year_is_answered_from_the_rules_still_in_force(answerer):
    # 随州 手册 (no end date): "一级定点 200 0 90%", "二级定点 500 0 80%", "三级定点 900 0 70%"
    a = answerer.answer("随州2027年住院起付线")
    assert not a.refused
    assert table_rows(a.answer) == [["一级", "200元"], ["二级", "500元"], ["三级", "900元"]]


def test_the_minor_uplift_is_stated_when_the_person_is_left_open(answerer):
    a = answerer.answer("连云港住院报几成")
    assert "提高10个百分点" in a.answer


def test_a_student_gets_the_student_deductibles(answerer):
    a = answerer.answer("长春大学生住院起付线多少")
    assert table_rows(a.answer)[:2] == [["三级省级", "600元"], ["三级市级", "400元"]]


def test_open_person_shows_adult_and_student_deductibles_side_by_side(answerer):
    a = answerer.answer("长春住院起付线")
    assert table_rows(a.answer)[0] == ["三级省级", "1200元", "600元"]


def test_a_banded_rate_is_shown_band_by_band(answerer):
    a = answerer.answer("长春一级医院成年人住院报销比例")
    assert table_rows(a.answer) == [["一级", "起付线以上至3万元 80%；3万元–6万元 85%；6万元以上 90%"]]


def test_a_level_and_grade_pick_the_fee_classes_they_can_mean(answerer):
    a = answerer.answer("长治三级甲等医院住院起付线")
    assert table_rows(a.answer) == [["一类收费标准（三级甲等）", "1000元"]]


def test_a_cap_question_gives_the_cap(answerer):
    a = answerer.answer("长治住院一年最多报多少")
    assert "7万元" in a.answer


def test_a_figure_question_without_a_city_asks_which_city(answerer):
    a = answerer.answer("住院起付线多少")
    assert a.follow_up is not None and a.follow_up.choices == ("连云港", "淮安", "长春", "长治", "随州")


def test_the_city_chosen_after_asking_gets_the_table(answerer):
    first = answerer.answer("住院起付线多少")
    second = answerer.answer("淮安", session_id=first.session_id)
    assert table_rows(second.answer) == [["一级", "300元"], ["二级", "600元"], ["三级", "900元"]]


@pytest.mark.parametrize("question", ["淮安住院起付钱多少", "淮安住院门槛费多少", "淮安住院起付标准"])
def test_every_way_of_naming_the_deductible_is_answered_from_the_rules(answerer, question):
    assert table_rows(answerer.answer(question).answer)[0] == ["一级", "300元"]


@pytest.mark.parametrize("question", [
    "淮安职工医保住院起付线",  # another scheme
    "淮安日间手术去外地做报销比例",  # day surgery elsewhere: the care areas give no day-surgery figures
    "淮安低保户住院起付线",  # a special group
])
def test_questions_the_inpatient_table_does_not_describe_are_not_answered_from_it(question):
    assert figure_ask(question, extract_slots(question, TODAY)) is None


def test_an_aspect_word_is_needed_for_a_figure_answer():
    assert figure_ask("淮安住院要带什么材料", extract_slots("淮安住院要带什么材料", TODAY)) is None


def test_aspects_are_read_from_the_vocabulary_file(tmp_path):
    path = tmp_path / "asks.txt"
    path.write_text("# comment\ndeductible: 门槛\ncap: 顶\n", encoding="utf-8")
    assert asked_aspects("门槛多少，顶多少", path) == ["deductible", "cap"]


def test_a_malformed_vocabulary_line_names_the_file_and_line(tmp_path):
    path = tmp_path / "asks.txt"
    path.write_text("deductible: 门槛\nunknown: 词\n", encoding="utf-8")
    with pytest.raises(WordClassesError, match=r"asks.txt:2"):
        load_figure_asks(path)


def test_the_minors_high_cost_rate_is_stated_with_the_rates(answerer):
    a = answerer.answer("连云港学生住院报销比例")
    assert "在校学生和未成年人10万元以上部分，报销比例低于90%的提高到90%" in a.answer


def test_the_class_b_share_is_stated_with_the_rates(answerer):
    a = answerer.answer("长春二级医院住院报销比例")
    assert "乙类药品和诊疗项目费用个人先自付10%" in a.answer


def test_a_payment_word_beside_the_deductible_does_not_make_it_a_contribution_question(answerer):
    a = answerer.answer("淮安住院起付线要交多少")
    assert table_rows(a.answer)[0] == ["一级", "300元"]


def test_critical_illness_figures_for_ordinary_residents_and_each_group(answerer):
    a = answerer.answer("淮安大病保险起付线多少")
    assert [row[1] for row in table_rows(a.answer)] == ["18000元", "9000元"]


def test_critical_illness_bands_are_shown_band_by_band(answerer):
    a = answerer.answer("淮安二次报销分段报销比例")
    assert table_rows(a.answer)[0][1] == "起付线以上至6万元 60%；6万元–10万元 70%；10万元以上 85%"


def test_a_named_group_gets_its_own_row_only(answerer):
    a = answerer.answer("连云港低保户大病保险起付线")
    assert [row[1] for row in table_rows(a.answer)] == ["8000元"]


def test_a_groups_rate_raised_by_points_shifts_every_band(answerer):
    a = answerer.answer("连云港低保户大病保险报销比例")
    assert table_rows(a.answer)[0][1] == "起付线以上至8万元 70%；8万元–15万元 80%；15万元以上 90%（各段提高10个百分点）"


def test_a_halved_deductible_and_no_cap_are_stated_for_the_group(answerer):
    a = answerer.answer("随州特困人员大病保险起付线和封顶线")
    assert table_rows(a.answer)[0][1:] == ["6000元", "不设封顶线"]


def test_one_passage_cited_twice_in_a_cell_is_marked_once(answerer):
    a = answerer.answer("随州特困人员大病保险起付线")
    assert "][" not in a.answer


def test_a_second_stage_is_stated_with_the_rates(answerer):
    a = answerer.answer("长治大病保险报销比例")
    assert "个人合规自付费用超过5万元的部分，再按50%报销" in a.answer


def test_a_contribution_question_gives_the_standard_of_every_person_category(answerer):
    a = answerer.answer("淮安居民医保一年交多少钱")
    assert a.answer.startswith("淮安2026年度")
    assert table_rows(a.answer) == [["成年居民", "440元"], ["未成年居民", "440元"], ["在校学生", "440元"],
                                    ["大中专学生", "440元"]]


def test_without_a_year_the_latest_contribution_year_the_documents_give_answers(answerer):
    a = answerer.answer("随州居民医保缴费标准")
    assert a.answer.startswith("随州2025年度")
    assert table_rows(a.answer)[0] == ["成年居民", "400元"]


def test_a_named_person_gets_their_contribution_only(answerer):
    assert table_rows(answerer.answer("随州学生医保一年交多少").answer) == [["在校学生", "400元"]]


def test_a_contribution_year_the_documents_do_not_give_is_declined_naming_the_years_they_do(answerer):
    a = answerer.answer("随州2026年居民医保交多少钱")
    assert a.refused
    assert "没有给出2026年度的个人缴费标准（现有文件给出的是2025年度的标准）" in a.answer


def test_a_city_without_contribution_figures_is_declined(answerer):
    a = answerer.answer("长治居民医保一年交多少")
    assert a.refused and "没有给出城乡居民医保个人缴费标准" in a.answer


def test_the_rural_name_of_the_scheme_gets_the_contribution(answerer):
    assert table_rows(answerer.answer("淮安合作医疗一年交多少").answer)[0] == ["成年居民", "440元"]


def test_a_waiting_question_gives_the_window_the_waiting_period_and_each_groups_rule(answerer):
    a = answerer.answer("淮安居民医保等待期多久")
    assert "设2个月待遇等待期" in a.answer
    assert "- 新生儿：出生后90天内参保缴费" in a.answer and "从出生之日起享受待遇" in a.answer


def test_a_newborn_question_gets_the_newborn_rule_only(answerer):
    a = answerer.answer("连云港新生儿多久内要参保")
    rules_part = a.answer.split("说明：")[0]
    lines = [line for line in rules_part.splitlines() if line.startswith("- ")]
    assert len(lines) == 1 and lines[0].startswith("- 新生儿：出生后90天内参保缴费")


def test_a_named_group_gets_its_start_rule(answerer):
    a = answerer.answer("连云港退役军人参保多久能报")
    assert "缴费次日起享受待遇，不设等待期" in a.answer


def test_a_longer_waiting_period_is_read_from_the_citys_rules(answerer):
    assert "设3个月待遇等待期" in answerer.answer("长春断缴了补交多久能报").answer


def test_a_city_without_waiting_rules_is_declined_with_its_channel(answerer):
    a = answerer.answer("随州等待期多久")
    assert a.refused and "没有给出城乡居民医保待遇等待期的规定" in a.answer and "0722" in a.answer


def test_a_broad_how_much_question_without_a_level_is_left_to_the_passages():
    question = "连云港住院怎么报销，能报多少"
    assert figure_ask(question, extract_slots(question, TODAY)) is None


def test_day_surgery_is_answered_from_its_own_rule(answerer):
    a = answerer.answer("淮安一级医院日间手术起付线和报销比例")
    assert table_rows(a.answer) == [["一级", "不设起付标准", "80%"]]  # "采用日间手术治疗的，结算时不设起付标准"


def test_day_surgery_without_rates_of_its_own_takes_the_stays_rates(answerer):
    a = answerer.answer("随州三级医院日间手术起付线和报销比例")
    assert table_rows(a.answer) == [["三级", "不设起付标准", "70%"]]  # "…政策范围内的医疗费用，不设起付标准"


def test_day_surgery_where_the_documents_give_it_no_rule_is_left_to_the_passages(answerer):
    from bot.answers.facts import inpatient_facts

    ask = figure_ask("连云港二级医院日间手术起付线", extract_slots("连云港二级医院日间手术起付线", TODAY))
    assert ask.mode == "day_surgery"
    assert inpatient_facts("连云港", ask, extract_slots("连云港二级医院日间手术起付线", TODAY), TODAY) is None


def test_a_groups_shifted_bands_say_by_how_many_points(answerer):
    a = answerer.answer("连云港低保户大病保险报销比例")
    assert "（各段提高10个百分点）" in a.answer


def test_the_cap_increase_states_its_ceiling(answerer):
    assert "累计提高不超过原封顶线的20%" in answerer.answer("淮安大病保险封顶线多少").answer


def test_several_levels_named_give_each_of_them(answerer):
    a = answerer.answer("随州一级、二级、三级医院住院起付线分别多少")
    assert table_rows(a.answer) == [["一级", "200元"], ["二级", "500元"], ["三级", "900元"]]


def test_the_amount_from_which_reimbursement_starts_is_the_deductible(answerer):
    a = answerer.answer("淮安大病保险超过多少开始报")
    assert [row[1] for row in table_rows(a.answer)] == ["18000元", "9000元"]


def test_how_critical_illness_insurance_pays_is_answered_with_its_deductible_bands_and_cap(answerer):
    # 连云港 2026 notice: "起付标准为1.6万元", "封顶线为50万元"
    a = answerer.answer("连云港大病保险怎么报销？")
    assert not a.refused and "16000元" in a.answer and "50万元" in a.answer


# ---------------------------------------------------------------------------------------------
# a figure stated as nothing, in the document's own words


def test_a_figure_stated_as_nothing_is_given_in_the_documents_words():
    from bot.answers.rule_figures import zero_words
    from calculators.rules import Param

    # 淮安 rules, 日间手术: "采用日间手术治疗的，结算时不设起付标准"
    assert zero_words(Param(value=0, quote="采用日间手术治疗的，结算时不设起付标准", doc_id="x")) == "不设起付标准"
    # 长治 两病 table: "起 付 线 2022年9月以后取消 2022年9月以后取消" (the row's cell says it)
    assert zero_words(Param(value=0, quote="起 付 线 2022年9月以后取消 2022年9月以后取消", doc_id="x")) == "2022年9月以后取消"
    # 长治 门诊统筹 table: "起付标准 80元 0元 0元": the 0元 is the document's own word
    assert zero_words(Param(value=0, quote="起付标准 80元 0元 0元", doc_id="x")) is None


def test_a_day_surgery_without_deductible_says_so_in_the_documents_words(answerer):
    # 随州: "日间手术病种参照住院待遇管理，其发生的属于政策范围内的医疗费用，不设起付标准"
    a = answerer.answer("随州日间手术 门槛费 收不收")
    assert not a.refused
    assert ["一级", "不设起付标准"] in table_rows(a.answer)


# ---------------------------------------------------------------------------------------------
# how much a stay pays, no level named: every level; how it is claimed: the passages


@pytest.mark.parametrize("question", ["淮安住院能报销多少", "淮安 住院 报多少", "在淮安住院给报多少"])
def test_how_much_a_stay_pays_with_no_level_named_gives_every_level(answerer, question):
    # 淮安 100问 六十（二）住院医疗待遇: "一级医院 300 元 85% …二级医院 600 元 75% …三级医院 900 元 65%"
    a = answerer.answer(question)
    assert table_rows(a.answer) == [["一级", "300元", "85%"], ["二级", "600元", "75%"], ["三级", "900元", "65%"]]


@pytest.mark.parametrize("question", ["淮安住院怎么报销", "淮安住院报销流程是什么", "淮安住院报销手续"])
def test_how_a_stay_is_claimed_is_left_to_the_passages(question):
    slots = extract_slots(question)
    assert figure_ask(question, slots) is None


def test_a_subsidised_group_gets_the_subsidy_and_what_it_pays(answerer):
    # 连云港 2026: "其他成年居民每人每年440元" … "困境儿童 … 个人缴费部分由财政予以全额资助"
    a = answerer.answer("连云港低保户一年交多少")
    assert table_rows(a.answer) == [["低保对象", "440元", "全额资助", "0元（个人不缴费）"]]


def test_a_partly_subsidised_group_pays_the_rest_of_the_standard(answerer):
    # 随州: "个人缴费 标准400元"; "7 低保对象 按城乡居民医保年度个人缴费标准 90%比例给予定额资助"
    a = answerer.answer("随州低保户交医保要自己出钱吗")
    assert table_rows(a.answer) == [["低保对象", "400元", "按标准的90%资助（360元）", "40元"]]


@pytest.mark.parametrize("question", ["随州低保户自己要掏多少钱", "随州低保户医保得掏多少", "随州低保户医保还得交吗"])
def test_every_pay_verb_with_a_modal_asks_the_contribution(answerer, question):
    # 随州: "个人缴费 标准400元"; "7 低保对象 按城乡居民医保年度个人缴费标准 90%比例给予定额资助"
    a = answerer.answer(question)
    assert table_rows(a.answer) == [["低保对象", "400元", "按标准的90%资助（360元）", "40元"]]


def test_a_partial_subsidy_is_also_given_as_the_amount_it_comes_to(answerer):
    # 随州: "个人缴费 标准400元"; "7 低保对象 按城乡居民医保年度个人缴费标准 90%比例给予定额资助":
    # the state pays 400元 × 90% = 360元 (the brochure's table: "城镇低保救助对象 40 360")
    a = answerer.answer("随州低保户参保资助标准是多少")
    assert "按标准的90%资助（360元）" in a.answer


def test_a_group_whose_subsidy_was_phased_out_pays_the_standard(answerer):
    # 随州: "12 脱贫人口 执行资助参保渐退政策 … 2025年不再享受资助参保政策"
    a = answerer.answer("随州脱贫户2025年交多少钱")
    assert table_rows(a.answer) == [["脱贫人口", "400元", "不再资助", "400元"]]


def test_a_group_the_city_does_not_subsidise_is_said_to_pay_the_standard(answerer):
    # 长春's handbook gives the 2021 standards (成年居民320元) and no subsidised groups
    a = answerer.answer("长春低保户交多少")
    assert "长春的政策文件没有“低保对象”的资助参保规定，按成年居民标准缴费（320元" in a.answer


def test_two_person_categories_named_get_a_row_each(answerer):
    # 长春 2021: 成年居民 320元, 未成年居民 200元
    a = answerer.answer("长春2021年居民医保成年和未成年各交多少")
    assert table_rows(a.answer) == [["成年居民", "320元"], ["未成年居民", "200元"]]


def test_an_outpatient_question_about_an_injury_is_not_given_the_general_outpatient_figures(answerer):
    # 连云港: "4.门诊意外伤害：参保学生…在校内遭遇到意外伤害…年度封顶线为3000元" — not 普通门诊统筹's 800元
    from bot.answers.facts import figure_ask
    from bot.understanding.slots import extract_slots

    text = "连云港学生在学校摔伤了门诊一年封顶多少"
    assert figure_ask(text, extract_slots(text)) is None  # left to the passages that state the accident benefit


@pytest.mark.parametrize("verb", ["赔多少", "给多少", "付多少", "能补多少"])
def test_how_much_said_with_any_verb_of_the_scheme_paying_asks_the_overview(verb):
    from bot.answers.facts import asked_aspects

    assert asked_aspects(f"大病保险10万以上的部分{verb}") == ["overview"]


def test_asking_for_a_groups_subsidy_gets_the_subsidy_table(answerer):
    # 随州: "9 纳入相关部门监测范 围 脱贫不稳定人口 按城乡居民医保年度个人缴费标准 50%比例给予定额资助
    # 10 边缘易致贫人口 11 突发严重困难人口": the three monitored kinds, 监测对象, share one subsidy
    rows = table_rows(answerer.answer("随州边缘易致贫户参保资助比例是多少").answer)
    assert rows == [["监测对象", "400元", "按标准的50%资助（200元）", "200元"]]


def test_a_groups_subsidy_of_a_year_without_a_standard_is_read_from_its_schedule(answerer):
    # 随州: "12 脱贫人口 执行资助参保渐退政策 2022年按160元/人资助 2023年按70元/人资助 2024年按50元/人资助"
    a = answerer.answer("随州脱贫户2023年每人资助多少")
    assert not a.refused
    assert a.answer.startswith("随州脱贫人口2023年度资助参保：定额资助70元")
