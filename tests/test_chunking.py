"""Structure-aware chunking of the corpus: boundaries per document, metadata, verbatim text,
and how many eval source quotes fall inside a single chunk."""

import json
import re
from pathlib import Path

import pytest

from corpus.catalogue import document_text, get_document, load_catalogue
from ingest.chunk import CHUNK_KINDS
from ingest.chunking import MAX_CHARS, chunk_corpus, chunk_document, measure, merge_short_blocks, split_block
from ingest.parsers.blocks import Block

EVAL_QUESTIONS = Path("/work/shared/eval/dev_questions.jsonl")
CN = "一二三四五六七八九"
WHITESPACE = re.compile(r"\s+")


def cn_numeral(n: int) -> str:
    if n == 100:
        return "一百"
    tens, units = divmod(n, 10)
    return (("" if tens == 1 else CN[tens - 1]) + "十" if tens else "") + (CN[units - 1] if units else "")


@pytest.fixture(scope="module")
def corpus_chunks():
    return chunk_corpus()


@pytest.fixture(scope="module")
def huaian():
    return chunk_document(get_document("ha-2026-100qa"))


def _by_title_prefix(chunks, prefix):
    return [c for c in chunks if c.title.startswith(prefix)]


# --- 淮安 百问百答 ---------------------------------------------------------------------------


def test_huaian_has_exactly_100_distinct_question_titles_in_order(huaian):
    titles = list(dict.fromkeys(c.title for c in huaian if c.kind == "qa"))
    assert [t.split("、")[0] for t in titles] == [cn_numeral(n) for n in range(1, 101)]


def test_huaian_every_chunk_is_a_question_chunk(huaian):
    # the table of contents at the top produces no chunk
    assert {c.kind for c in huaian} == {"qa"}
    assert not any("目 录" in c.text or "- 一、为什么要参加基本医保" in c.text for c in huaian)


def test_huaian_question_37_holds_its_answer_and_nothing_of_question_38(huaian):
    (chunk,) = _by_title_prefix(huaian, "三十七、")
    assert chunk.title == "三十七、什么时间缴纳居民医保费？缴费后什么时间享受医保待遇？"
    assert "在 2025 年 10 月至 12 月份集中缴纳 2026 年居民医保费" in chunk.text
    assert "且医保不报销等待期发生的医疗费用。" in chunk.text
    assert "三十八、" not in chunk.text


def test_huaian_no_question_chunk_contains_the_next_question(huaian):
    leaking = []
    for n in range(1, 100):
        next_heading = re.compile(rf"^{cn_numeral(n + 1)}、", re.M)
        for chunk in _by_title_prefix(huaian, f"{cn_numeral(n)}、"):
            if next_heading.search(chunk.text):
                leaking.append(chunk.title)
    assert leaking == []


def test_huaian_question_broken_across_lines_has_whole_title(huaian):
    # "三十九、今年的居民医保参保有哪些特别\n\n要注意的？"
    assert _by_title_prefix(huaian, "三十九、")[0].title == "三十九、今年的居民医保参保有哪些特别要注意的？"


def test_huaian_section_path_is_group_then_question(huaian):
    (chunk,) = _by_title_prefix(huaian, "三十七、")
    assert chunk.section == "参保缴费类 > 三十七、什么时间缴纳居民医保费？缴费后什么时间享受医保待遇？"


def test_huaian_question_60_is_split_with_its_title_on_every_piece(huaian):
    pieces = _by_title_prefix(huaian, "六十、")
    assert len(pieces) == 6
    assert all(p.kind == "qa" and measure(p.text) <= MAX_CHARS for p in pieces)
    assert pieces[-1].section.endswith("> （七）大病保险待遇")


# --- 长春 政策手册 ----------------------------------------------------------------------------


def test_changchun_has_45_questions_each_with_its_own_chunks():
    chunks = chunk_document(get_document("cc-policy-handbook"))
    titles = list(dict.fromkeys(c.title for c in chunks if c.kind == "qa"))
    assert [int(re.match(r"\d+", t).group()) for t in titles] == list(range(1, 46))


def test_changchun_long_answer_is_split_into_two_pieces():
    # question 15 lists 10 hospitals, 7 pharmacies and the 88+10 special drugs
    chunks = chunk_document(get_document("cc-policy-handbook"))
    assert len([c for c in chunks if c.title.startswith("15. ")]) == 2


def test_changchun_guide_table_pieces_repeat_the_table_header():
    tables = [c for c in chunk_document(get_document("cc-policy-handbook")) if c.kind == "table"]
    assert len(tables) == 8
    assert all(
        c.text.startswith(("长春市城乡居民医疗保险待遇指南", "长春市城乡居民医疗保险参保缴费费指南"))
        for c in tables
    )


# --- 连云港 ------------------------------------------------------------------------------------


def test_lyg_measures_has_one_article_chunk_per_article():
    chunks = chunk_document(get_document("lyg-2017-measures"))
    articles = list(dict.fromkeys(c.title.split(" ")[0] for c in chunks if c.kind == "article"))
    assert articles == [f"第{cn_numeral(n)}条" for n in range(1, 23)]


@pytest.mark.parametrize(
    "title",
    [
        "第一条 目的和依据",
        "第六条 筹集部门",
        "第十二条 住院待遇",
        "第二十二条 本办法由市人力资源和社会保障局负责解释",
    ],
)
def test_lyg_article_title_names_the_article(title):
    assert title in {c.title for c in chunk_document(get_document("lyg-2017-measures"))}


def test_lyg_long_article_is_split_by_its_numbered_subsections():
    pieces = [c for c in chunk_document(get_document("lyg-2017-measures")) if c.title == "第十一条 门诊待遇"]
    assert [p.section for p in pieces] == [
        "第十一条 门诊待遇",
        "第十一条 门诊待遇 > 2.门诊慢性病",
        "第十一条 门诊待遇 > 3.门诊特殊病种",
        "第十一条 门诊待遇 > 5.门诊特药",
    ]


def test_lyg_2018_notice_has_one_section_chunk_per_numbered_section():
    chunks = chunk_document(get_document("lyg-2018-policy-notice"))
    assert [c.title.split("、")[0] for c in chunks if c.kind == "section"] == list("一二三四五六七")


def test_lyg_2026_notice_sections_in_order():
    chunks = chunk_document(get_document("lyg-2026-contribution-notice"))
    numbers = list(dict.fromkeys(c.title.split("、")[0] for c in chunks if c.kind == "section"))
    assert numbers == list("一二三四五六七八")


def test_lyg_public_qa_is_one_chunk_titled_with_the_question():
    (chunk,) = chunk_document(get_document("lyg-2024-qa-tcm-outpatient"))
    assert (chunk.kind, chunk.title) == ("qa", "父亲为城乡居民医保，是否可在市中医院进行普通门诊报销。")
    assert chunk.text.endswith("门诊不报销。")


# --- 长治 / 随州 -------------------------------------------------------------------------------


def test_changzhi_employee_and_resident_chronic_disease_rows_are_in_their_own_scheme():
    # 职工: "11 慢性肾功能不全 1000元"; 居民: "11 慢性肾功能不全 440元"
    chunks = chunk_document(get_document("cz-benefit-tables"))
    employee = [c for c in chunks if "11 慢性肾功能不全 1000元" in c.text]
    resident = [c for c in chunks if "11 慢性肾功能不全 440元" in c.text]
    assert [c.section.split(" > ")[0] for c in employee] == ["职工医保"]
    assert [c.section.split(" > ")[0] for c in resident] == ["城乡居民医保"]


def test_changzhi_lead_in_paragraph_starts_the_table_it_introduces():
    # "按照《长治市城乡居民基本医疗保险门诊慢性病管理办法（试行）》规定，……门诊慢性病病种共三类51种。"
    # stands above the heading of the resident chronic-disease table, not under the 两病 table
    chunks = chunk_document(get_document("cz-benefit-tables"))
    (chunk,) = [c for c in chunks if "共三类51种" in c.clean_text]
    assert chunk.title == "城乡居民医保门诊慢性病病种及具体待遇是什么？"
    assert chunk.clean_text.startswith("按照《长治市城乡居民基本医疗")


def test_suizhou_outpatient_pooling_has_its_own_section_chunk():
    chunks = chunk_document(get_document("sz-resident-brochure"))
    (chunk,) = [c for c in chunks if c.title == "门诊统筹"]
    assert chunk.section == "三、门诊待遇 > 门诊统筹"
    assert "年封顶350元" in chunk.text


# --- corrections --------------------------------------------------------------------------------


def test_huaian_city_misprint_corrected_only_in_question_37(huaian):
    corrected = [c for c in huaian if "corrections" in c.extra]
    assert [c.title.split("、")[0] for c in corrected] == ["三十七"]
    chunk = corrected[0]
    assert "淮南市在 2025 年" in chunk.text  # the verbatim text keeps the misprint
    assert "淮安市在2025年10月" in chunk.clean_text and "淮南市" not in chunk.clean_text
    assert "淮南市" in chunk.extra["corrections"]


def test_changchun_rate_misprint_corrected_in_clean_text():
    chunks = chunk_document(get_document("cc-policy-handbook"))
    (chunk,) = [c for c in chunks if "0.50%" in c.text]
    assert "0.50%" not in chunk.clean_text
    assert "二道区医院 200元 50% 1000元" in chunk.clean_text


# --- every chunk ---------------------------------------------------------------------------------


def test_every_chunk_has_complete_metadata(corpus_chunks):
    incomplete = [
        c.chunk_id
        for c in corpus_chunks
        if not all(
            (c.doc_id, c.city, c.title, c.section, c.kind, c.text.strip(), c.clean_text.strip(), c.doc_title)
        )
        or c.kind not in CHUNK_KINDS
    ]
    assert incomplete == []


def test_every_chunk_carries_its_document_catalogue_facts(corpus_chunks):
    entries = {e.id: e for e in load_catalogue()}
    wrong = [
        c.chunk_id
        for c in corpus_chunks
        if (c.city, c.published, c.source_url, c.doc_title)
        != (
            entries[c.doc_id].city,
            entries[c.doc_id].published.isoformat() if entries[c.doc_id].published else None,
            entries[c.doc_id].source_url,
            entries[c.doc_id].title,
        )
    ]
    assert wrong == []


def test_chunk_order_runs_from_zero_within_each_document(corpus_chunks):
    for entry in load_catalogue():
        orders = [c.order for c in corpus_chunks if c.doc_id == entry.id]
        assert orders == list(range(len(orders))), entry.id


def test_corpus_chunks_follow_catalogue_order(corpus_chunks):
    doc_ids = list(dict.fromkeys(c.doc_id for c in corpus_chunks))
    assert doc_ids == [e.id for e in load_catalogue()]


def test_chunk_ids_are_unique(corpus_chunks):
    assert len({c.chunk_id for c in corpus_chunks}) == len(corpus_chunks)


def test_every_chunk_text_is_verbatim_document_text(corpus_chunks):
    not_verbatim = []
    for c in corpus_chunks:
        document = document_text(c.doc_id)
        if c.text in document:
            continue
        # a split table piece: its repeated header line(s) and its rows, each a line of the document
        document_lines = {line.strip() for line in document.split("\n")}
        if c.kind != "table" or any(line.strip() not in document_lines for line in c.text.split("\n")):
            not_verbatim.append(c.chunk_id)
    assert not_verbatim == []


def test_no_chunk_is_longer_than_the_limit(corpus_chunks):
    assert max(measure(c.text) for c in corpus_chunks) <= MAX_CHARS


def test_chunk_counts_per_document(corpus_chunks):
    counts = {e.id: sum(1 for c in corpus_chunks if c.doc_id == e.id) for e in load_catalogue()}
    assert counts == {
        "lyg-2026-contribution-notice": 12,
        "lyg-2018-policy-notice": 8,
        "lyg-2017-measures": 27,
        "lyg-2024-qa-tcm-outpatient": 1,
        "ha-2026-100qa": 113,
        "cc-policy-handbook": 56,
        "cz-benefit-tables": 12,
        "sz-resident-brochure": 21,
    }


@pytest.mark.skipif(not EVAL_QUESTIONS.exists(), reason="the shared dev question set is not on this machine")
def test_every_dev_source_quote_lies_within_a_single_chunk(corpus_chunks):
    """Quote coverage: a quote split across two chunks could never be a retrieval hit."""
    quotes = [
        item["source_quote"]
        for item in map(json.loads, EVAL_QUESTIONS.read_text(encoding="utf-8").splitlines())
        if item["source_quote"]
    ]
    texts = [WHITESPACE.sub("", c.text) for c in corpus_chunks]
    covered = [q for q in quotes if any(WHITESPACE.sub("", q) in t for t in texts)]
    assert (len(covered), len(quotes)) == (70, 70)


# --- splitting and merging on small inputs ------------------------------------------------------


def test_long_block_pieces_overlap_by_one_sentence():
    sentences = [f"第{n}句" + "字" * 96 + "。" for n in range(1, 15)]
    text = "".join(sentences)
    pieces = split_block(text, Block("t", ("s",), "section", 0, len(text)))
    assert len(pieces) == 3
    assert pieces[0].text.endswith(sentences[5]) and pieces[1].text.startswith(sentences[5])
    assert all(measure(p.text) <= MAX_CHARS for p in pieces)


def test_split_table_repeats_its_header_on_every_piece():
    header = "病种 限额标准 支付比例"
    rows = [f"{n} 病种{n} {n}0元 70%" + "说明" * 40 for n in range(1, 13)]
    text = "\n".join([header, *rows])
    pieces = split_block(text, Block("t", ("s",), "table", 0, len(text), header=header))
    assert len(pieces) > 1
    assert all(p.text.startswith(header + "\n") for p in pieces)


def test_heading_with_nothing_under_it_merges_into_the_next_block():
    text = "城乡居民医保\n\n门诊统筹\n门诊统筹不设起付标准，在一级及以下定点医疗机构政策范围内费用医保基金支付50%，年封顶350元。"
    first_end = text.index("门诊统筹")
    blocks = [
        Block("城乡居民医保", ("a",), "section", 0, first_end),
        Block("门诊统筹", ("a",), "section", first_end, len(text)),
    ]
    assert merge_short_blocks(text, blocks) == [Block("门诊统筹", ("a",), "section", 0, len(text))]
