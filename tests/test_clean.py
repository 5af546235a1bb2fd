"""Cleaning for indexing: PDF whitespace folded, known misprints corrected per document."""

from ingest.clean import CORRECTIONS, clean_text, clean_with_corrections, fold_whitespace, rows_of_cell_lines


def test_spaces_inside_chinese_words_are_removed():
    # 随州: "这是筹 资的大头； 个人缴费 标准400元 ，只是筹  资的小头"
    assert (
        clean_text("这是筹 资的大头； 个人缴费 标准400元 ，只是筹  资的小头")
        == "这是筹资的大头；个人缴费标准400元，只是筹资的小头"
    )


def test_space_between_number_and_unit_is_removed():
    # 淮安: "在 2025 年 10 月至 12 月份集中缴纳 2026 年居民医保费"
    assert (
        clean_text("在 2025 年 10 月至 12 月份集中缴纳 2026 年居民医保费")
        == "在2025年10月至12月份集中缴纳2026年居民医保费"
    )


def test_year_spacing_normalises():
    assert clean_text("2026 年度淮安城乡居民医保") == "2026年度淮安城乡居民医保"


def test_space_between_table_cells_without_unit_is_kept():
    # 长治: "11 慢性肾功能不全 440元 20 支气管哮喘 240元" (cells separated by spaces)
    assert clean_text("440元 20 支气管哮喘") == "440元 20 支气管哮喘"


def test_image_markers_and_lone_bracket_lines_are_dropped():
    assert clean_text("[image: ]三、 门诊待遇\n  (\n21\n)\n") == "三、门诊待遇\n21"


def test_spaces_inside_quotation_marks_are_removed():
    # 随州: "“湖北医疗保障 ”进入到“个 人账户共济 ” 模块"
    assert (
        clean_text("“湖北医疗保障 ”进入到“个 人账户共济 ” 模块") == "“湖北医疗保障”进入到“个人账户共济”模块"
    )


def test_sentence_broken_by_page_break_is_joined():
    # 淮安 question 一: "还能同时享受基\n\n本医保门诊报销"
    text = "二是保障全。参加居民医保后不仅享受基\n\n本医保门诊报销、门诊特殊病报销。"
    assert clean_text(text) == "二是保障全。参加居民医保后不仅享受基本医保门诊报销、门诊特殊病报销。"


def test_heading_is_not_glued_to_the_next_line():
    assert clean_text("参保意愿类\n\n一、为什么要参加基本医保？") == "参保意愿类\n一、为什么要参加基本医保？"


def test_table_cell_wrapped_in_its_column_is_joined():
    # 长治: "19 中枢神经系统\n脱髓鞘疾病"
    assert clean_text("序\n号") == "序号"


def test_full_width_digits_become_ascii():
    assert clean_text("２０２６年报销５０％") == "2026年报销50%"


def test_huaian_misprint_corrected_only_for_huaian_document():
    # 淮安 question 37: "淮南市在 2025 年 10 月至 12 月份集中缴纳 2026 年居民医保费。"
    text = "淮南市在 2025 年 10 月至 12 月份集中缴纳"
    assert clean_text(text, "ha-2026-100qa") == "淮安市在2025年10月至12月份集中缴纳"
    assert clean_text(text, "cc-policy-handbook") == "淮南市在2025年10月至12月份集中缴纳"
    assert clean_text(text) == "淮南市在2025年10月至12月份集中缴纳"


def test_changchun_rate_misprint_corrected():
    # 长春 待遇指南: "二道区医院\t200元\t0.50%\t1000元"
    assert (
        clean_text("二道区医院\t200元\t0.50%\t1000元", "cc-policy-handbook") == "二道区医院 200元 50% 1000元"
    )


def test_clean_with_corrections_reports_the_corrections_applied():
    _, applied = clean_with_corrections("0.60%", "cc-policy-handbook")
    assert applied == [CORRECTIONS["cc-policy-handbook"][1]]


def test_clean_with_corrections_reports_nothing_when_nothing_applies():
    assert clean_with_corrections("起付线 200 元", "cc-policy-handbook") == ("起付线200元", [])


def test_markdown_marks_of_web_pages_are_dropped():
    from ingest.clean import clean_text

    text = "## 一、参保对象\n- 1.具有本市户籍的居民；\n原文链接：[http://a.cn/x\\_y.html](http://a.cn/x_y.html)"
    assert clean_text(text) == "一、参保对象\n1.具有本市户籍的居民；\n原文链接：http://a.cn/x_y.html"


def test_sentence_wrapped_before_a_figure_is_joined():
    # 长治 handbook: "●大病保险报销后，个人合规自付费用超过5万元以上部分，再按\n50%的比例给于报销。"
    text = "●大病保险报销后，个人合规自付费用超过5万元以上部分，再按\n50%的比例给于报销。"
    assert clean_text(text) == "●大病保险报销后，个人合规自付费用超过5万元以上部分，再按50%的比例给于报销。"


def test_numbered_item_after_an_open_line_is_not_joined():
    text = "参保人员在门诊使用乙类药品时需先行自付5%，再按规定比例报销和\n2.办理了异地长期居住备案的参保居民"
    assert clean_text(text).split("\n")[1] == "2.办理了异地长期居住备案的参保居民"


def test_table_rows_are_not_glued_together():
    # 长治 handbook: "起付标准 100元 400元 500元 1000元 1500元\n\n支付比例 85% 75% 70% 60% 55%"
    text = "起付标准 100元 400元 500元 1000元 1500元\n\n支付比例 85% 75% 70% 60% 55%"
    assert clean_text(text) == "起付标准 100元 400元 500元 1000元 1500元\n支付比例 85% 75% 70% 60% 55%"


def test_a_short_cell_is_not_joined_to_the_figure_below_it():
    # 长春 handbook table: "起付-3万\n55%" are two cells
    assert clean_text("起付-3万\n55%") == "起付-3万\n55%"


def test_a_table_of_one_cell_a_line_is_read_back_as_rows():
    # 随州 brochure, 二、参保缴费: every cell of the contribution table on a line of its own
    text = "\t适用人群类型名称\n\t2025个人实缴金额\n\t2025政府代缴金额\n\n\t农村低保救助对象\n\t40\n\t360\n\n\t脱贫不稳定人口\n\t200\n\t200\n"
    assert fold_whitespace(text).split("\n") == [
        "适用人群类型名称 2025个人实缴金额 2025政府代缴金额", "农村低保救助对象 40 360", "脱贫不稳定人口 200 200"]


def test_two_groups_of_cell_lines_are_not_yet_a_table():
    text = "\t业务类型\n\t电话号码\n\n\t参保政策咨询\n\t0722-3338711\n"
    assert rows_of_cell_lines(text) == text


def test_groups_of_cell_lines_of_different_sizes_are_not_one_table():
    text = "\t序号\n\t名称\n\n\t1\n\t特困人员\n\t全额\n\n\t2\n\t孤儿\n"
    assert rows_of_cell_lines(text) == text


def test_a_sentence_wrapped_before_an_aside_in_brackets_is_joined():
    # 长治 待遇表, “两病” 准入程序: "…医师出具的疾病诊断建议书⏎（诊断证明、门诊手册）以及社保卡；"
    text = "申报时需提供二级及以上定点医疗机构住院病历或二级及以上定点医疗机构医师出具的疾病诊断建议书\n（诊断证明、门诊手册）以及社保卡；"
    assert fold_whitespace(text) == text.replace("\n", "")


def test_an_item_number_in_brackets_after_an_open_line_starts_a_new_line():
    text = "参保人员可以享受以下待遇，包括门诊和住院等多个方面的医疗保障待遇\n（二）住院医疗待遇"
    assert fold_whitespace(text) == text


def test_kept_cells_stay_tab_separated_with_the_empty_ones():
    # 淮安 100问 Q60, 1.普通门诊统筹: the header "起付线\t报销比例\t\t年度基金支付限额\t" spans columns with empty cells
    assert clean_text("起付线\t报销比例\t\t年度基金支付限额\t", keep_cells=True) == "起付线\t报销比例\t\t年度基金支付限额\t"
    assert clean_text("起付线\t报销比例\t\t年度基金支付限额\t") == "起付线 报销比例 年度基金支付限额"


def test_a_line_of_kept_cells_is_not_glued_to_the_line_above():
    # 淮安 100问 Q60: "不设起付线\t一般诊疗费\t其他\t普通参保人\t纳入家庭医生签约管理\n\n起付线\t报销比例\t\t年度基金支付限额\t"
    text = "不设起付线\t一般诊疗费\t其他\t普通参保人\t纳入家庭医生签约管理\n\n起付线\t报销比例\t\t年度基金支付限额\t"
    assert clean_text(text, keep_cells=True).split("\n") == [
        "不设起付线\t一般诊疗费\t其他\t普通参保人\t纳入家庭医生签约管理", "起付线\t报销比例\t\t年度基金支付限额\t"]
