"""What the page renders: resident text and passages as text (escaped), citations, step rows."""

from bot.answers.calc_render import citations_for
from bot.web.render import (
    citations_html,
    escape_answer,
    escape_text,
    highlight,
    money_text,
    passages_html,
    plain_answer,
    step_rows,
)
from calculators.registry import run

ATTACK = "<img src=x onerror=alert(1)>"


def test_resident_text_has_no_html_tag_left():
    assert escape_text(ATTACK) == "&lt;img src=x onerror=alert\\(1\\)&gt;"


def test_resident_text_markdown_image_is_neutralised():
    assert escape_text("![a](http://e.org/x.png)") == "\\!\\[a\\]\\(http://e\\.org/x\\.png\\)"


def test_chinese_text_is_left_as_it_is():
    assert escape_text("淮安住院起付线是多少？") == "淮安住院起付线是多少？"


def test_answer_keeps_its_markdown_table_but_not_html_or_images():
    text = "| 步骤 | 金额 |\n|---|---|\n| 起付线 | 900元 |\n" + ATTACK + " ![x](y)"
    escaped = escape_answer(text)
    assert escaped.startswith("| 步骤 | 金额 |\n|---|---|\n| 起付线 | 900元 |")
    assert "<img" not in escaped and "&lt;img" in escaped and "!\\[x](y)" in escaped


def test_money_text_groups_thousands_and_drops_zero_cents():
    assert (money_text(31915.0), money_text(12.5), money_text(None)) == ("31,915 元", "12.5 元", "")


def test_a_citation_opens_to_its_passage_escaped():
    cite = {"n": 1, "doc_id": "d", "city": "淮安", "title": "全民参保百问百答", "section": "六十",
            "published": "2025-09-01", "source_url": None, "text": "原文 " + ATTACK}
    rendered = citations_html([cite])
    assert rendered.startswith('<details class="yb-cite"><summary><b>[1]</b> 淮安｜《全民参保百问百答》｜六十｜发布于 2025-09-01</summary>')
    assert "原文 &lt;img src=x onerror=alert(1)&gt;" in rendered and "<img" not in rendered


def test_a_source_link_is_shown_only_for_http_urls():
    base = {"n": 1, "doc_id": "d", "city": "淮安", "title": "t", "section": "", "published": None, "text": "x"}
    assert 'href="https://e.org/a?b=1&amp;c=2"' in citations_html([{**base, "source_url": "https://e.org/a?b=1&c=2"}])
    assert "href" not in citations_html([{**base, "source_url": "javascript:alert(1)"}])


def test_no_citations_says_so_in_chinese():
    assert "没有引用政策原文" in citations_html([])


def test_step_rows_number_rules_as_the_answer_table_does():
    """淮安 Q60: “三级医院 900 元 65%”; the calculation cites it second (after the general rule)."""
    calculation = run("inpatient", {"city": "淮安", "level": "三级", "cost": 50000, "date": "2026-06-01"}).to_dict()
    citations = [c.to_dict() for c in citations_for(calculation)[0]]
    rows = step_rows(calculation, citations)
    assert rows[2] == ["住院起付线（三级）", "900元由个人负担", "900 元", "[1] 全民参保百问百答"]
    assert rows[3] == ["住院统筹支付", "(50000 − 900) × 65%", "31,915 元", "[1] 全民参保百问百答"]
    assert rows[0][3] == ""


def test_no_calculation_has_no_rows():
    assert step_rows(None, []) == []


def test_highlight_marks_terms_and_escapes_the_rest():
    assert highlight("起付线<b>300元", ["起付线"]) == "<mark>起付线</mark>&lt;b&gt;300元"


def test_highlight_does_not_break_escapes_when_a_term_matches_inside_one():
    assert highlight("a<lt", ["lt"]) == "a&lt;<mark>lt</mark>"


def test_passages_show_document_and_section():
    rendered = passages_html([{"doc_id": "d", "doc_title": "百问百答", "city": "淮安", "section": "六十",
                               "published": None, "text": "起付线"}], ["起付线"])
    assert "<b>[1]</b> 淮安｜《百问百答》｜六十" in rendered and "<mark>起付线</mark>" in rendered


def test_a_citation_marker_links_to_its_passage_of_the_same_answer():
    from bot.web.render import linked_refs

    assert linked_refs("起付线300元[1]，见[2]。", 3, {1}) == (
        '起付线300元<a class="yb-ref" href="#yb-c3-1" data-cite="yb-c3-1" title="查看第 1 条政策原文">[1]</a>，见[2]。')


def test_an_answers_sources_are_one_line_of_closed_blocks_with_document_section_and_date():
    from bot.web.render import sources_html

    html_text = sources_html([{"n": 2, "city": "长春", "title": "长春市城乡居民医保政策手册", "section": "待遇指南",
                               "published": None, "text": "起付-3万\n55%<b>"}], 0)
    assert "\n" not in html_text
    assert '<details class="yb-cite" id="yb-c0-2" data-cite="yb-c0-2">' in html_text
    assert "[2]</b> 长春｜《长春市城乡居民医保政策手册》｜待遇指南｜发布日期未注明</summary>" in html_text
    assert '<div class="yb-passage">起付-3万<br>55%&lt;b&gt;</div>' in html_text


def test_telephone_numbers_become_tel_links_and_amounts_do_not():
    from bot.web.render import tel_links

    text = "可拨打随州市医保待遇政策咨询电话0722-3560608，或长春医保呼叫服务中心电话81110000；起付线12000000元。"
    assert tel_links(text) == (
        '可拨打随州市医保待遇政策咨询电话<a class="yb-tel" href="tel:07223560608">0722-3560608</a>，'
        '或长春医保呼叫服务中心电话<a class="yb-tel" href="tel:81110000">81110000</a>；起付线12000000元。')


def test_the_copied_answer_is_plain_text_with_each_cited_passage():
    from bot.web.render import plain_answer

    answer = {"answer": "一级医院起付线300元[1]。", "citations": [
        {"n": 1, "city": "淮安", "title": "全民参保百问百答", "section": "六十", "published": "2025-09-01",
         "text": "一级医院\t300 元"}]}
    assert plain_answer(answer) == "一级医院起付线300元[1]。\n\n[1] 淮安｜《全民参保百问百答》｜六十｜发布于 2025-09-01\n一级医院 300元"


def test_staff_passages_show_their_retrieval_score():
    rendered = passages_html([{"doc_id": "d", "city": "淮安", "section": "六十", "text": "x", "score": 0.53125}])
    assert '<span class="yb-score">相关度 0.531</span>' in rendered


def test_a_copied_table_has_tab_separated_cells_and_no_pipes_or_bold():
    from bot.web.render import plain_text

    markdown = "**淮安**：结果\n\n| 步骤 | 金额 |\n|---|---|\n| 住院统筹支付 | 31,915元 |"
    assert plain_text(markdown) == "淮安：结果\n\n步骤\t金额\n住院统筹支付\t31,915元"


def test_a_passage_shows_a_word_cut_by_a_page_break_whole():
    # 随州 brochure text as extracted: "……由个人自身承\n\n担" (a page break inside 承担)
    cite = {"n": 1, "doc_id": "sz", "city": "随州", "title": "t", "section": "s", "published": None,
            "source_url": None, "text": "超过统筹基金最高支付限额以上的医疗费用由个人自身承\n\n担。"}
    assert "自身承担。" in citations_html([cite])
    assert "自身承担。" in plain_answer({"answer": "见原文[1]", "citations": [cite]})
