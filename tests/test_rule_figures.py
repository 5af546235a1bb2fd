"""Figures of 门诊统筹, 两病, 医疗救助 and 门诊慢特病 read off their rules trees (bot.answers.rule_figures).

Figures, from 长治's benefit tables (cz-benefit-tables):
- 门诊统筹: "起付标准 80元 0元 0元", "支付比例 45% 55% 60%" (三级 / 二级 / 一级医疗机构),
  "年度支付限额 300元 300元 300元", "参保人员在门诊使用乙类药品时需先行自付5%".
- 医疗救助: 低保对象 "目录内个人自付按70%的比例给予救助，年度最高救助限额6万元"; 倾斜救助 for
  "个人自付费用仍超过全省上年居民可支配收入50%（15460元）的部分，给予倾斜救助，救助比例70%，年度限额3万元".
- 两病: "Ⅰ型糖尿病患者为480元", "其他类型糖尿病患者为360元", "年度限额 260元" (高血压).
- 随州 手册: "同时符合高血压和糖尿病标准的每年最高支付限额550元".
- 门诊慢性病 (居民): "16冠心病430元" is the employee column; the resident limit of 冠心病 is 280元 a month.
"""

import datetime as dt
import re

from bot.answers.facts import answer_figures, figure_ask
from bot.understanding.understand import understand
from corpus import DOCUMENTS_DIR

TODAY = dt.date(2026, 12, 2)
CZ_TABLES = [(DOCUMENTS_DIR / "cz-benefit-tables.txt").read_text(encoding="utf-8")]
UNRELATED = ["参保人员可通过微信小程序查询缴费记录。"]


def answer(city: str, question: str, evidence: list[str] | None = None):
    u = understand(question, today=TODAY, city=city)
    ask = figure_ask(u.normalized, u.slots)
    if ask is None:
        return None
    return answer_figures(city, ask, u.slots, TODAY, u.normalized, CZ_TABLES if evidence is None else evidence)


def rows(text: str) -> list[list[str]]:
    lines = text.splitlines()
    body = [line for n, line in enumerate(lines)
            if line.startswith("| ") and not (n + 1 < len(lines) and lines[n + 1].startswith("|---"))]
    return [[re.sub(r"\[\d+\]", "", cell).strip() for cell in row.strip("| ").split(" | ")] for row in body]


def test_a_named_level_gives_its_outpatient_deductible_and_rate():
    a = answer("长治", "长治门诊统筹在三级医院看，起付线和报销比例是多少")
    assert rows(a.text) == [["三级医院", "80元", "45%"]]


def test_a_level_left_open_gives_every_level_of_the_outpatient_rate():
    a = answer("长治", "长治普通门诊报几成")
    table = {r[0].split("、")[0]: r[1] for r in rows(a.text)}
    assert table == {"三级医院": "45%", "二级医院": "55%", "一级医院": "60%"}


def test_a_section_wide_cap_is_stated_below_the_table():
    a = answer("长治", "长治乡镇卫生院看门诊一年最多报多少钱")
    assert "- 年度支付限额：300元" in re.sub(r"\[\d+\]", "", a.text)


def test_a_group_named_gives_its_assistance_rate_and_limit():
    a = answer("长治", "长治低保户住院医疗救助比例和年度限额")
    assert rows(a.text)[0] == ["低保对象", "70%", "6万元"]


def test_how_much_is_paid_for_a_named_group_gives_all_its_figures():
    # and its outpatient rates: "门诊慢性病政策范围内剩余部分按30%的比例救助；门诊特药保障范围内剩余部分按10%的比例救助"
    a = answer("长治", "长治低保户医疗救助能报多少")
    assert rows(a.text)[0] == ["低保对象", "0元", "70%", "6万元", "门诊慢性病30%；门诊特药10%"]


def test_how_much_is_paid_with_nobody_named_gives_every_row_of_a_small_table():
    # 门诊统筹: "起付标准 80元 0元 0元", "支付比例 45% 55% 60%" (三级 / 二级 / 一级医疗机构), "年度支付限额 300元"
    a = answer("长治", "长治看门诊能报多少")
    assert [r[:3] for r in rows(a.text)] == [["三级医院", "80元", "45%"], ["二级医院", "0元", "55%"],
                                            ["一级医院、乡镇卫生院、社区卫生服务中心、社区卫生服务站、村卫生室", "0元", "60%"]]
    assert "年度支付限额：300元" in re.sub(r"\[\d+\]", "", a.text)


def test_how_much_is_paid_with_nobody_named_is_left_to_the_passages_when_the_rows_are_many():
    # 随州's 医疗救助 has a row for each class of recipient and its 倾斜救助 (特困人员、孤儿 … 0元 100% 4万元; 5000元 …)
    brochure = [(DOCUMENTS_DIR / "sz-resident-brochure.txt").read_text(encoding="utf-8")]
    assert answer("随州", "随州医疗救助能报多少", brochure) is None


def test_a_sub_rule_named_with_its_group_gives_that_sub_rule_alone():
    a = answer("长治", "长治特困人员倾斜救助的起点、比例、年度限额")
    assert rows(a.text) == [["特困人员 · 倾斜救助", "15460元", "70%", "3万元"]]


def test_a_disease_type_written_in_chinese_numerals_matches_the_roman_numeral_rule():
    a = answer("长治", "孩子是一型糖尿病，长治两病用药一年最多报多少")
    assert "年度支付限额：480元" in re.sub(r"\[\d+\]", "", a.text)


def test_both_diseases_named_give_the_joint_limit():
    a = answer("随州", "随州高血压糖尿病都有，两病门诊用药一年最多报多少",
               evidence=[(DOCUMENTS_DIR / "sz-resident-brochure.txt").read_text(encoding="utf-8")])
    assert "年度支付限额：550元" in re.sub(r"\[\d+\]", "", a.text)


def test_both_diseases_named_as_the_benefit_itself_give_every_limit():
    a = answer("随州", "随州高血压糖尿病门诊用药能报多少",
               evidence=[(DOCUMENTS_DIR / "sz-resident-brochure.txt").read_text(encoding="utf-8")])
    assert "年度支付限额：高血压450元；糖尿病500元；高血压和糖尿病550元" in re.sub(r"\[\d+\]", "", a.text)


def test_the_resident_chronic_disease_limit_is_given_not_the_employee_column():
    a = answer("长治", "长治冠心病门诊慢病每月限额多少")
    assert rows(a.text)[0] == ["门诊慢性病 · 冠心病", "280元"]


def test_another_kind_of_outpatient_care_is_left_to_the_passages():
    u = understand("长治门诊做透析报销比例多少", today=TODAY, city="长治")
    ask = figure_ask(u.normalized, u.slots)
    assert ask is None or ask.benefit != "outpatient"


def test_a_question_stating_the_figure_itself_is_left_to_the_passages():
    u = understand("长治门诊还有每天50块钱的限额吗", today=TODAY, city="长治")
    assert figure_ask(u.normalized, u.slots) is None


def test_rules_figures_are_not_given_when_the_best_passages_quote_none_of_them():
    assert answer("长治", "长治普通门诊报几成", evidence=UNRELATED) is None


def test_each_figure_cites_the_document_words_it_comes_from():
    a = answer("长治", "长治门诊统筹在三级医院看，起付线和报销比例是多少")
    assert a.citations and all(c.doc_id == "cz-benefit-tables" for c in a.citations)


def test_figures_from_a_rules_tree_are_followed_by_the_documents_words_of_the_same_passage():
    from bot.answers.answering import Answerer
    from bot.retrieval.passage import Passage

    table = CZ_TABLES[0]
    start = table.index("起付标准 80元 0元 0元")
    passage = Passage(chunk_id="cz-1", doc_id="cz-benefit-tables", city="长治", title="城乡居民医保门诊统筹的具体待遇是什么？",
                      section="城乡居民医保门诊统筹的具体待遇是什么？", kind="qa", published=None,
                      text=table[start - 200:start + 400], score=1.0)
    answerer = Answerer(search=lambda *a, **k: [passage], today=lambda: TODAY)
    a = answerer.answer("长治门诊统筹在三级医院看，起付线和报销比例是多少", city="长治")
    assert a.answer.index("| 三级医院 | 80元") < a.answer.index("文件原文：")
