"""The extractive composer on passages made by hand from the real corpus chunks (no index needed)."""

from __future__ import annotations

import re
from functools import lru_cache

import pytest

from bot.answers.compose import compose
from bot.retrieval.passage import Passage
from ingest.chunking import chunk_corpus
from ingest.clean import clean_text


@lru_cache(maxsize=1)
def _chunks():
    return {c.chunk_id: c for c in chunk_corpus()}


def passage_with(doc_id: str, needle: str, score: float = 0.03) -> Passage:
    """The passage of the document's first chunk holding `needle` (verbatim text)."""
    chunk = next(c for c in _chunks().values() if c.doc_id == doc_id and needle in c.text)
    return Passage(chunk.chunk_id, chunk.doc_id, chunk.city, chunk.title, chunk.section, chunk.kind,
                   chunk.published, score, chunk.text, chunk.doc_title, chunk.source_url)


def sentences_of(answer: str) -> list[str]:
    """The answer's sentences without citation marks or the supersession note."""
    body = re.sub(r"\[\d+\]", "", answer.split("以上按")[0])
    return [s for s in re.split(r"(?<=[。；！？])", body) if s.strip()]


# ---------------------------------------------------------------------------------------------
# answering


def test_matched_qa_gives_its_official_answer_with_citation_1():
    # 淮安 Q90: "……逐步建立了门诊统筹，小病也能报销了，就不再设置个人账户。"
    qa = passage_with("ha-2026-100qa", "不再设置个人账户")
    other = passage_with("ha-2026-100qa", "跟以前的新农合相比")
    result = compose("以前新农合有个人账户，现在淮安的居民医保还有个人账户吗？", [qa, other], "淮安")
    assert result.answered
    assert result.used == [qa]
    assert result.text.endswith("就不再设置个人账户。[1]")
    assert result.text.startswith("新农合制度建立之初")  # the whole answer, not the question again


def test_a_short_qa_ranked_first_and_quoted_is_given_whole_though_its_question_is_worded_otherwise():
    # 淮安 Q65 "参保人员如何申请门诊特殊病资格？": "…申请材料包括：门诊特定病种申报登记表、病历资料或检查资料…"
    # A passage ranked below it shares more words with the message: "参保患者需携带完整的病史资料…".
    qa = passage_with("ha-2026-100qa", "门诊特定病种申报登记表")
    other = passage_with("ha-2026-100qa", "哪些人可以办理门诊特殊病认定")
    wordy = passage_with("ha-2026-100qa", "完整的病史资料")
    result = compose("淮安办门特 需要带啥资料", [qa, other, wordy], "淮安")
    assert result.answered and result.used[0] == qa
    assert "门诊特定病种申报登记表" in result.text


def test_a_part_of_a_long_qa_answer_is_not_given_whole():
    part = passage_with("ha-2026-100qa", "48 小时内出院")
    assert not part.text.strip().startswith(part.title)
    result = compose("淮安的日间手术是指多长时间内出院？", [part], "淮安")
    assert "双通道" not in result.text


def test_trimmed_answer_keeps_the_sentence_with_the_asked_figure_whole():
    # 淮安 Q60 (benefits overview): "日间手术是指经手术并恢复观察后，在 48 小时内出院的诊疗服务模式。"
    long_qa = passage_with("ha-2026-100qa", "48 小时内出院")
    result = compose("淮安的日间手术是指多长时间内出院？", [long_qa], "淮安")
    assert result.answered
    assert "日间手术是指经手术并恢复观察后，在48小时内出院的诊疗服务模式。[1]" in result.text
    assert len(result.text) < len(clean_text(long_qa.text))
    document = clean_text(long_qa.text, long_qa.doc_id)
    for sentence in sentences_of(result.text):
        assert sentence.rstrip("。；：").split("：")[-1] in document  # never cut inside a sentence


def test_table_row_with_the_asked_figure_is_selected_from_the_resident_table():
    # 长治 resident table: "11 慢性肾功能不全 440元"; the employee table next to it gives 1000元.
    employee = passage_with("cz-benefit-tables", "11 慢性肾功能不全 1000元")
    resident = passage_with("cz-benefit-tables", "城乡居民医保门诊慢性病病种及具体待遇")
    result = compose("长治城乡居民医保慢性肾功能不全门诊慢病每月限额是多少？", [employee, resident], "长治")
    assert result.answered
    assert "慢性肾功能不全 440元" in result.text
    assert "1000元" not in result.text
    assert result.used[0] == resident


def test_newest_document_of_the_city_wins_and_the_answer_says_what_it_replaced():
    # 2018 notice: "……报销比例分别提高至85%、75%、70%。"; 2026 notice: "……成年居民报销比例分别为85%、75%、65%。"
    notice_2018 = passage_with("lyg-2018-policy-notice", "85%、75%、70%")
    notice_2026 = passage_with("lyg-2026-contribution-notice", "85%、75%、65%")
    result = compose("连云港三级医院成年居民住院报销比例是多少？", [notice_2018, notice_2026], "连云港")
    assert result.answered
    assert result.used == [notice_2026]
    assert "成年居民报销比例分别为85%、75%、65%。[1]" in result.text
    assert result.text.endswith(
        "以上按2026年度政策（《2026年度连云港市城乡居民基本医疗保险参保缴费开始了》）；"
        "2018年《市政府办公室关于进一步完善连云港市城乡居民基本医疗保险政策的通知》中为70%，已被取代。"
    )
    assert [(s.current.doc_id, s.earlier.doc_id) for s in result.superseded] == [
        ("lyg-2026-contribution-notice", "lyg-2018-policy-notice")
    ]


def test_question_about_the_earlier_document_is_answered_from_it():
    # the 2018 notice, section 六: "市区自2019年1月1日起施行"
    notice = passage_with("lyg-2018-policy-notice", "市区自2019年1月1日起施行")
    measures = passage_with("lyg-2017-measures", "本办法自2018年1月1日起施行")
    result = compose("连云港2018年那份通知，市区从哪天开始执行？", [measures, notice], "连云港")
    assert result.answered
    assert "市区自2019年1月1日起施行" in result.text


def test_a_question_asking_two_things_gets_a_sentence_for_each():
    # 淮安 大病保险: "6 万元至 10 万元（含 10 万元）的部分，报销 70%" and "10 万元以上的部分，报销 85%"
    bands = passage_with("ha-2026-100qa", "6 万元至 10 万元（含 10 万元）的部分，报销 70%")
    result = compose("淮安大病保险普通参保人员6万到10万那一段报多少？10万以上的部分呢？", [bands], "淮安")
    assert result.answered
    assert "报销70%" in result.text and "报销85%" in result.text


def test_citation_marks_number_the_passages_in_order_of_use():
    fund = passage_with("ha-2026-100qa", "达到每人不低于 730 元")
    result = compose("淮安居民医保财政补助每人多少钱？", [passage_with("ha-2026-100qa", "与2025年持平"), fund], "淮安")
    assert result.answered
    assert result.used[0] == fund
    assert "达到每人不低于730元" in result.text
    assert [c.n for c in result.citations()] == list(range(1, len(result.used) + 1))
    assert result.citations()[0].title == "全民参保百问百答"
    assert result.citations()[0].text == fund.text


# ---------------------------------------------------------------------------------------------
# declining


def test_year_the_documents_do_not_speak_of_is_declined():
    passages = [passage_with("ha-2026-100qa", "与2025年持平"), passage_with("ha-2026-100qa", "达到每人不低于 730 元")]
    result = compose("淮安2027年度的居民医保每人要交多少？", passages, "淮安")
    assert not result.answered
    assert result.reason == "year_not_covered"
    assert result.used == []
    assert result.text.startswith("抱歉，现有淮安的医保政策文件没有涉及2027年的规定")


def test_a_year_the_document_is_in_force_for_is_covered_though_the_passage_never_names_it():
    # 《全民参保百问百答》 is in force for 2026 (catalogue: effective 2026-01-01 – 2026-12-31); 二十三: "待遇享受期
    # 开始后，暂停居民医保参保关系的，个人缴费不再退回"
    passages = [passage_with("ha-2026-100qa", "个人缴费不再退回")]
    result = compose("我2026年的医保待遇已经开始了，现在暂停参保关系，交的钱能退吗？", passages, "淮安")
    assert result.answered, result.text
    assert "不再退回" in result.text


def test_topic_absent_from_the_city_documents_is_declined():
    # 日间手术 is in 淮安's, 长春's and 随州's documents but in none of 连云港's.
    passages = [passage_with("lyg-2026-contribution-notice", "85%、75%、65%"),
                passage_with("lyg-2018-policy-notice", "85%、75%、70%")]
    result = compose("连云港居民医保做日间手术怎么报销？报多少？", passages, "连云港")
    assert not result.answered
    assert result.reason == "topic_not_covered"
    assert "日间手术" in result.missing


def test_password_reset_is_declined_for_changchun():
    result = compose("长春医保卡密码忘了，去哪里重置？", [passage_with("cc-policy-handbook", "忘带医保卡")], "长春")
    assert not result.answered
    assert result.reason == "topic_not_covered"
    assert "密码" in result.missing


def test_amount_the_documents_do_not_state_is_declined():
    # 连云港 2017 measures: "政府补助由中央、省、市区、县级财政按有关规定执行。" (no amount)
    passages = [passage_with("lyg-2017-measures", "政府补助由中央"),
                passage_with("lyg-2026-contribution-notice", "其他成年居民每人每年440元")]
    result = compose("连云港政府财政每年给每个参保居民补贴多少？", passages, "连云港")
    assert not result.answered
    assert result.reason == "figure_not_found"


def test_another_citys_passage_never_answers():
    # 淮安's Q1 states the 730元 subsidy; 连云港's documents do not.
    result = compose("连云港居民医保财政补助每人多少钱？", [passage_with("ha-2026-100qa", "达到每人不低于 730 元")], "连云港")
    assert not result.answered
    assert result.reason == "no_passages"


def test_a_place_outside_the_corpus_is_declined():
    result = compose("杭州的西湖益联保一年保费多少钱？", [passage_with("ha-2026-100qa", "达到每人不低于 730 元")], None)
    assert not result.answered
    assert result.reason == "other_place"
    assert "杭州" in result.missing


def test_a_place_where_the_resident_seeks_care_is_answered_by_the_citys_out_of_area_rules():
    # 长治 handbook: "跨统筹区临时外出门诊就医的参保居民，无需提前办理备案手续"
    passage = passage_with("cz-benefit-tables", "跨统筹区")
    result = compose("长治居民去郑州临时看门诊要提前备案吗？", [passage], "长治")
    assert result.answered
    assert "无需提前办理备案手续" in result.text


def test_a_figure_stated_as_nothing_answers_a_how_much_question():
    # 淮安 100问: "居民大病保险不用另行缴费，参加基本医保，自动享受大病报销待遇。"
    passage = passage_with("ha-2026-100qa", "不用另行缴费")
    result = compose("淮安大病保险另外还得交多少钱？", [passage], "淮安")
    assert result.answered
    assert "不用另行缴费" in result.text


def test_a_where_question_is_answered_first_by_the_sentence_naming_the_office():
    # 长春 handbook: "门诊特殊疾病政策：在二级及二级以上定点医疗机构医保科（办公室）申请办理" — the office;
    # the other passage lists the diseases and says only "二级及以上医疗机构申请办理".
    diseases = passage_with("cc-policy-handbook", "43种特殊疾病的二级及以上医疗机构申请办理")
    office = passage_with("cc-policy-handbook", "医保科（办公室）申请办理")
    result = compose("长春门诊特殊疾病申请去哪办", [diseases, office], "长春")
    assert sentences_of(result.text)[0] == ("门诊特殊疾病政策：在二级及二级以上定点医疗机构医保科（办公室）申请办理，"
                                            "在办理机构门诊享受住院报销待遇。")


def test_a_figure_stated_as_nothing_answers_only_a_question_about_that_figure():
    # 连云港 2026 notice: "未参保的新增医疗救助对象，及时资助参保，不设待遇等待期。" says nothing of 财政补贴
    passage = passage_with("lyg-2026-contribution-notice", "不设待遇等待期")
    result = compose("连云港每个参保居民政府一年补贴多少钱？", [passage], "连云港")
    assert not result.answered


def test_refusal_ends_with_the_citys_consultation_line():
    result = compose("随州长期护理保险失能人员待遇标准是多少？",
                     [passage_with("sz-resident-brochure", "0722-3560608")], "随州")
    assert not result.answered
    assert result.text.endswith("如需进一步咨询，可拨打随州市医保待遇政策咨询电话0722-3560608，或拨打参保政策咨询电话0722-3338711。")


def test_no_passages_is_declined():
    result = compose("淮安居民医保交多少钱？", [], "淮安")
    assert (result.answered, result.reason, result.used) == (False, "no_passages", [])


# ---------------------------------------------------------------------------------------------
# answerable paraphrases are not declined


@pytest.mark.parametrize(
    ("question", "doc_id", "needle", "fact"),
    [
        ("在连云港签了家庭医生的，普通门诊统筹封顶线是多少？", "lyg-2026-contribution-notice", "封顶线为900元", "900元"),
        ("我在长治是城乡居民医保，慢性肾功能不全办了门诊慢病，一个月限额多少？", "cz-benefit-tables",
         "城乡居民医保门诊慢性病病种及具体待遇", "440元"),
        ("长春社区医院这种一级医院住院，成年人起付线多少钱？", "cc-policy-handbook", "一级（乡镇卫生院", "200元"),
        ("随县参保的因为外伤住院，要打哪个电话报备？", "sz-resident-brochure", "0722-3563216", "0722-3563216"),
        ("淮安参保的人在外地突发急病要抢救，来不及办异地备案，这种情况算备案了吗？", "ha-2026-100qa", "视同已备案",
         "视同已备案"),
    ],
)
def test_answerable_paraphrase_is_answered_with_its_fact(question, doc_id, needle, fact):
    result = compose(question, [passage_with(doc_id, needle)], None)
    assert result.answered, result.text
    assert fact in result.text
    assert result.text.endswith("[1]")


def test_a_count_question_is_answered_by_the_count_in_its_classifier():
    # 长春 handbook question 7: "居民医保18种慢性病在门诊的用药及与病种相关的47种检查项目"; question 8 has
    # "每增加一个病种" beside money figures, which does not say how many diseases
    passages = [passage_with("cc-policy-handbook", "年度总额度为6500元"),
                passage_with("cc-policy-handbook", "居民医保18种慢性病")]
    result = compose("长春居民医保门诊慢性病一共管多少种病？", passages, "长春")
    assert result.answered and "18种" in result.text


def test_a_phone_question_is_answered_with_the_number():
    result = compose("我是榆树市的参保居民，医保业务咨询电话是多少？",
                     [passage_with("cc-policy-handbook", "83850067")], "长春")
    assert result.answered and "83850067" in result.text


def test_how_much_is_reimbursed_for_a_fixed_benefit_is_answered_with_its_amount():
    # 长治 待遇表, 居民医保——住院报销: "居民顺产定额报销1500元，剖腹产定额报销3000元"
    p = passage_with("cz-benefit-tables", "剖腹产定额报销3000元")
    result = compose("长治居民剖腹产能报多少", [p], "长治")
    assert result.answered and "剖腹产定额报销3000元" in result.text


def test_a_unit_the_reader_was_already_told_is_not_told_again():
    # 淮安 100问 八十六: "即便是办理了家庭共济，参保人依然用自己的医保卡看病就医，按规定享受本人的医保待遇。"
    passage = passage_with("ha-2026-100qa", "冒名就医")
    told = "即便是办理了家庭共济，参保人依然用自己的医保卡看病就医，按规定享受本人的医保待遇。[1]"
    composition = compose("淮安用家人的医保卡看病会怎么样", [passage], "淮安", shown=told)
    assert composition.answered
    assert "家庭共济" not in composition.text and "冒名就医" in composition.text


def test_a_question_naming_the_employee_scheme_is_not_answered_from_a_residents_only_passage():
    # 长治 待遇标准: 城镇职工门诊慢特病 "16 冠心病 430元"; 城乡居民医保门诊慢性病 "16 冠心病 280元"
    resident = passage_with("cz-benefit-tables", "16 冠心病 280元")
    employee = passage_with("cz-benefit-tables", "16 冠心病 430元")
    composition = compose("长治职工医保冠心病门诊慢病每月限额多少", [resident, employee], "长治")
    assert "430元" in composition.text and "280元" not in composition.text
