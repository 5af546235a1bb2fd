"""Table rows in answers: a figures row read with its header, a cell broken over lines kept whole.

Built from the real corpus chunks (`ingest.chunking.chunk_corpus()`), no index needed.
"""

from __future__ import annotations

from dataclasses import replace

from bot.answers.compose import _passage_text, compose
from bot.answers.sentences import split_units
from corpus import DOCUMENTS_DIR
from tests.test_compose import passage_with

# 淮安 100问 Q60, 2.“两病”门诊用药 table:
# "起付线\t报销比例\t年度基金支付 限额 (1 个病种)\t年度基金支付 限额 (2 个病种)\n暂不设起付线\t50%\t800 元\t1200 元"
TWO_DISEASES_ROW = "暂不设起付线\t50%\t800 元"
# 淮安 100问 Q60, 1.普通门诊统筹 table: "……纳入家庭医生签约管理 … 0\t70%\t50%\t300 元\t400 元"
OUTPATIENT_ROW = "0\t70%\t50%\t300 元\t400 元"
# 长治 待遇表, “两病” 年度限额: "年度限额 260元\nⅠ型糖尿病患者为480元\n其他类型糖尿病患者为360元"
DIABETES_CELL = "其他类型糖尿病患者为360元"


def _units(doc_id: str, needle: str):
    p = passage_with(doc_id, needle)
    return split_units(p.text, p.doc_id)


def test_figures_row_carries_the_header_row_above_it():
    row = next(u for u in _units("ha-2026-100qa", TWO_DISEASES_ROW) if "800元" in u.text)
    assert row.kind == "row"
    assert row.header == "起付线 报销比例 年度基金支付限额 (1个病种) 年度基金支付限额 (2个病种)"


def test_header_row_is_not_an_answer_unit_of_its_own():
    units = _units("ha-2026-100qa", TWO_DISEASES_ROW)
    header = next(u for u in units if u.text.startswith("起付线 报销比例 年度基金支付限额 (1个病种)"))
    assert header.kind == "heading"


def test_numbered_section_title_is_a_heading_not_a_row():
    units = _units("ha-2026-100qa", TWO_DISEASES_ROW)
    title = next(u for u in units if u.text == "2.“两病”门诊用药（高血压、糖尿病）")
    assert title.kind == "heading"
    row = next(u for u in units if "800元" in u.text)
    assert row.heading == "2.“两病”门诊用药（高血压、糖尿病）"


def test_cell_broken_over_lines_is_one_row():
    rows = [u.text for u in _units("cz-benefit-tables", DIABETES_CELL) if u.kind == "row"]
    assert "年度限额260元；Ⅰ型糖尿病患者为480元；其他类型糖尿病患者为360元" in rows


def test_two_diseases_limit_is_answered_with_the_figures_row_as_a_table():
    passage = passage_with("ha-2026-100qa", TWO_DISEASES_ROW)
    result = compose("淮安 两病 只有高血压 一年基金最多付多少", [passage], "淮安")
    assert result.answered
    assert ("| 起付线 | 报销比例 | 年度基金支付限额 (1个病种) | 年度基金支付限额 (2个病种) |\n|---|---|---|---|\n"
            "| 暂不设起付线 | 50% | 800元 | 1200元 |") in result.text


def test_family_doctor_limit_is_answered_with_the_figures_row_as_a_table():
    passage = passage_with("ha-2026-100qa", OUTPATIENT_ROW)
    result = compose("淮安在村卫生室看门诊，一年最多能报多少？签了家庭医生的呢？", [passage], "淮安")
    assert result.answered
    assert "| 0 | 70% | 50% | 300元 | 400元 |" in result.text


def test_a_header_spanning_columns_names_each_column_with_the_part_below_it():
    # 淮安 100问 Q60, 1.普通门诊统筹: "起付线\t报销比例\t\t年度基金支付限额\t" over
    # "不设起付线\t一般诊疗费\t其他\t普通参保人\t纳入家庭医生签约管理", row "0\t70%\t50%\t300 元\t400 元"
    row = next(u for u in _units("ha-2026-100qa", OUTPATIENT_ROW) if u.text == "0 70% 50% 300元 400元")
    assert row.columns == ("起付线（不设起付线）", "报销比例（一般诊疗费）", "报销比例（其他）",
                           "年度基金支付限额（普通参保人）", "年度基金支付限额（纳入家庭医生签约管理）")


def test_a_cell_holding_spaces_stays_one_cell_of_its_row():
    # 淮安 100问 Q60, 3.门诊特殊病: "起付线\t报销比例\t年度基金支付限额" over
    # "严重精神障碍患者：0 精神类疾病：300 元 其他病种：750 元\t一级医院：85% 二级医院：75% 三级医院：65%\t1.省定病种…"
    row = next(u for u in _units("ha-2026-100qa", "省定病种与住院费用共用年度支付限额") if "精神类疾病" in u.text)
    assert row.columns == ("起付线", "报销比例", "年度基金支付限额")
    assert row.cells[1] == "一级医院：85% 二级医院：75% 三级医院：65%"


def test_a_table_header_is_never_quoted_as_prose_before_its_row():
    passage = passage_with("ha-2026-100qa", OUTPATIENT_ROW)
    result = compose("淮安在村卫生室看门诊，一年最多能报多少？签了家庭医生的呢？", [passage], "淮安")
    assert "报销比例 年度基金支付限额" not in result.text


def test_each_table_of_a_passage_is_rendered_as_a_table_in_its_place():
    # 淮安 100问 Q60 lists 1.普通门诊统筹 (its table), then 2.“两病”门诊用药 (its table)
    passage = passage_with("ha-2026-100qa", OUTPATIENT_ROW)
    document = (DOCUMENTS_DIR / "ha-2026-100qa.txt").read_text(encoding="utf-8")
    both = document[document.index("1.普通门诊统筹"):document.index("3.门诊特殊病")]
    passage = replace(passage, text=both)
    units = [u for u in split_units(passage.text, passage.doc_id) if u.kind == "row"]
    text = _passage_text(units, passage, 1)
    first, second = text.index("| 0 | 70% | 50% | 300元 | 400元 |"), text.index("| 暂不设起付线 | 50% | 800元 | 1200元 |")
    assert first < text.index("2.“两病”门诊用药（高血压、糖尿病）") < second


def test_a_column_empty_in_its_header_and_every_row_is_left_out():
    # 随州 brochure: each cell on a line of its own, indented by a tab: "\t农村低保救助对象\n\t40\n\t360"
    p = passage_with("sz-resident-brochure", "2025个人实缴金额")
    result = compose("随州农村低保救助对象2025年个人实缴金额是多少", [p], "随州")
    assert "\n| 农村低保救助对象 | 40 | 360 |" in result.text


def test_diabetes_limit_answer_keeps_the_whole_cell():
    passage = passage_with("cz-benefit-tables", DIABETES_CELL)
    result = compose("长治 居民 两病 糖尿病 年度限额", [passage], "长治")
    assert "其他类型糖尿病患者为360元" in result.text


def test_rate_question_is_answered_with_the_rate_row_not_the_amount_sentence():
    # 随州 brochure: "7\n\t低保对象\n\t按城乡居民医保年度个人缴费标准 90%比例给予定额资助"
    passage = passage_with("sz-resident-brochure", "90%比例给予定额资助")
    result = compose("随州低保户参加居民医保，政府按个人缴费标准资助百分之多少？", [passage], "随州")
    assert "按城乡居民医保年度个人缴费标准90%比例给予定额资助" in result.text


def test_a_row_is_read_with_the_heading_of_its_table():
    """淮安 100问 Q60 “（二）住院医疗待遇”: “一级医院\t300 元\t85%\t240000 元” answers the inpatient deductible,
    not the 门诊特殊病 row of the passage ranked after it, which mentions “住院费用” only in a note."""
    inpatient = passage_with("ha-2026-100qa", "市外定点医院\t1200 元")
    special = passage_with("ha-2026-100qa", "省定病种与住院费用共用年度支付限额")
    answer = compose("淮安一级医院住院起付线是多少？", [inpatient, special], "淮安")
    assert answer.answered
    assert "| 一级医院 | 300元 | 85% | 240000元 |" in answer.text
    assert "精神类疾病" not in answer.text


def test_rows_of_a_table_are_rendered_as_a_table_with_their_header():
    """淮安 100问 Q60: "医院等级\t起付线\t报销比例\t年度基金支付限额" / "一级医院\t300 元\t85%\t240000 元"."""
    inpatient = passage_with("ha-2026-100qa", "市外定点医院\t1200 元")
    answer = compose("淮安一级医院住院起付线是多少？", [inpatient], "淮安")
    assert "| 医院等级 | 起付线 | 报销比例 | 年度基金支付限额 |\n|---|---|---|---|\n| 一级医院 | 300元 | 85% | 240000元 |" \
        in answer.text


def test_a_row_of_bare_numbers_carries_its_header():
    # 随州 brochure, 二、参保缴费: "适用人群类型名称 / 2025个人实缴金额 / 2025政府代缴金额 … 脱贫不稳定人口 / 200 / 200"
    row = next(u for u in _units("sz-resident-brochure", "2025个人实缴金额") if u.text.startswith("脱贫不稳定人口"))
    assert row.text == "脱贫不稳定人口 200 200"
    assert row.header == "适用人群类型名称 2025个人实缴金额 2025政府代缴金额"


def test_a_group_asked_in_a_table_of_one_cell_a_line_is_answered_with_its_row():
    # 随州 brochure: "农村低保救助对象 / 40 / 360" under the 2025 个人实缴 / 政府代缴 columns
    p = passage_with("sz-resident-brochure", "2025个人实缴金额")
    result = compose("随州农村低保救助对象2025年个人实缴金额是多少", [p], "随州")
    assert "| 农村低保救助对象 | 40 | 360 |" in result.text
