"""The learned ranking stage: the model file, scoring and confidence, the agreement features and
the aspect filter."""

from __future__ import annotations

import math

import numpy as np
import pytest

from bot.retrieval.features import FEATURES, INDEX, QuerySlots, UnitProfile, agreement, newer_rivals
from bot.retrieval.learning import MODES, mode_features
from bot.retrieval.ranker import LinearModel, RankerError, load_ranker, parse_ranker, ranker_enabled
from bot.retrieval.retriever import aspect_filter, with_fusion_floor


def small_model() -> LinearModel:
    return LinearModel.from_dict({
        "features": ["body_bm25_rel", "benefit_conflict"], "mean": [0.0, 0.0], "scale": [1.0, 1.0],
        "coef": [2.0, -3.0], "intercept": 0.0, "confidence": {"coef": [1.0, 0.5], "intercept": -1.0},
    })


def row(**values: float) -> np.ndarray:
    out = np.zeros(len(FEATURES))
    for name, value in values.items():
        out[INDEX[name]] = value
    return out


def test_a_model_scores_each_row_by_its_standardised_features():
    matrix = np.vstack([row(body_bm25_rel=1.0, benefit_conflict=1.0), row(body_bm25_rel=0.5)])
    # 2·1.0 − 3·1 = −1 and 2·0.5 − 3·0 = 1
    assert small_model().scores(matrix).tolist() == pytest.approx([-1.0, 1.0])


def test_the_confidence_is_the_calibrated_top_score_and_margin():
    # top 1, margin 1 − (−1) = 2: sigmoid(1·1 + 0.5·2 − 1) = sigmoid(1)
    assert small_model().confidence(np.array([-1.0, 1.0])) == pytest.approx(1 / (1 + math.exp(-1)))


def test_a_model_file_round_trips_through_json():
    ranker = parse_ranker({"format": 1, "version": "t", "models": {"hybrid": small_model().to_dict()}})
    assert ranker.model("hybrid").to_dict() == small_model().to_dict()
    assert ranker.model("bm25") is None


def test_a_model_reading_an_unknown_feature_is_refused():
    raw = small_model().to_dict() | {"features": ["body_bm25_rel", "shoe_size"]}
    with pytest.raises(RankerError, match="shoe_size"):
        LinearModel.from_dict(raw)


def test_a_file_of_another_format_is_refused():
    with pytest.raises(RankerError, match="format"):
        parse_ranker({"format": 99, "models": {}})


def test_the_packaged_ranker_has_a_model_for_every_retriever_mode_reading_only_that_modes_channels():
    ranker = load_ranker()
    assert ranker is not None and set(ranker.models) == set(MODES)
    for mode in MODES:
        assert ranker.model(mode).features == mode_features(mode)
    assert not any(f.startswith(("body_dense", "title_dense", "question_dense")) for f in ranker.model("bm25").features)


@pytest.mark.parametrize(("value", "enabled"), [("off", False), ("0", False), ("on", True), ("", True)])
def test_yibao_ranker_off_turns_the_ranker_off(value, enabled):
    assert ranker_enabled({"YIBAO_RANKER": value}) is enabled


# The 住院起付线 / 门诊特殊病 pair: lyg-2017-measures 第十一条 3.门诊特殊病种 and 第十二条 住院待遇
# ("参保成年居民在一级及以下定点医疗机构住院发生的合规医疗费用，起付线为200元").
SPECIAL_OUTPATIENT = UnitProfile.of("第十一条 门诊待遇 3.门诊特殊病种",
                                    "门诊特殊病种共有五种……基本医疗统筹基金报销比例为90%", (), "article", "2017-09-30")
INPATIENT = UnitProfile.of("第十二条 住院待遇", "参保成年居民在一级及以下定点医疗机构住院发生的合规医疗费用，起付线为200元",
                           (), "article", "2017-09-30")
EMPLOYEE_INPATIENT = UnitProfile.of("职工医保 城镇职工医保住院起付标准及报销比例是多少？", "住院医疗费用，按照以下标准报销",
                                    (), "table", "2024-01-01")


def test_a_unit_headed_by_another_benefit_conflicts_with_an_inpatient_question():
    slots = QuerySlots.of("住院起付线多少")
    assert slots.benefits == ("inpatient",) and slots.aspects == ("deductible",)
    assert agreement(slots, SPECIAL_OUTPATIENT)["benefit_conflict"] == 1.0
    assert agreement(slots, INPATIENT)["benefit_conflict"] == 0.0
    assert agreement(slots, INPATIENT)["benefit_heading"] == 1.0
    assert agreement(slots, INPATIENT)["aspect_match"] == 1.0


def test_an_employee_unit_conflicts_only_with_a_question_that_does_not_name_the_employee_scheme():
    assert agreement(QuerySlots.of("住院起付线多少"), EMPLOYEE_INPATIENT)["employee_conflict"] == 1.0
    named = agreement(QuerySlots.of("职工医保住院起付线多少"), EMPLOYEE_INPATIENT)
    assert named["employee_conflict"] == 0.0 and named["employee_match"] == 1.0


# The 大病保险 bands / 资金来源 pair: lyg-2026-contribution-notice 4.大病保障 ("个人负担1.6万元以上至8万元部分，
# 报销60%") against lyg-2017-measures 第十五条 2.资金来源及筹资标准 ("城乡居民大病保险筹资从城乡居民医保基金中划拨").
BANDS = UnitProfile.of("八、医疗待遇 4.大病保障", "起付标准为1.6万元，封顶线为50万元，个人负担1.6万元以上至8万元部分，报销60%",
                       (), "section", "2025-10-27")
FUNDING = UnitProfile.of("第十五条 城乡居民大病保险 资金来源及筹资标准", "城乡居民大病保险筹资从城乡居民医保基金中划拨",
                         (), "article", "2017-09-30")


def test_the_rate_asked_is_found_in_the_bands_and_not_in_the_funding_paragraph():
    slots = QuerySlots.of("大病保险报销比例是多少")
    assert slots.aspects == ("rate",)
    assert agreement(slots, BANDS)["aspect_match"] == 1.0
    assert agreement(slots, FUNDING)["aspect_match"] == 0.0


def test_the_filter_moves_a_first_unit_of_another_benefit_below_the_best_that_agrees():
    slots = QuerySlots.of("住院起付线多少")
    matrix = np.vstack([row(**agreement(slots, u)) for u in (SPECIAL_OUTPATIENT, EMPLOYEE_INPATIENT, INPATIENT)])
    assert aspect_filter([0, 1, 2], matrix) == [2, 0, 1]


def test_the_filter_keeps_the_order_when_every_candidate_conflicts():
    slots = QuerySlots.of("住院起付线多少")
    matrix = np.vstack([row(**agreement(slots, u)) for u in (SPECIAL_OUTPATIENT, EMPLOYEE_INPATIENT)])
    assert aspect_filter([0, 1], matrix) == [0, 1]


def test_the_five_returned_are_the_models_first_two_and_fusions_best_others_in_the_models_order():
    # Seven candidate rows; the model ranks them 0..6, fusion ranks row 6 first, then 5, 0, 4.
    fusion = {6: 1.0, 5: 1 / 2, 0: 1 / 3, 4: 1 / 4}
    matrix = np.vstack([row(fusion_rr=fusion.get(i, 0.0)) for i in range(7)])
    # Head: the model's 0 and 1, then fusion's 6, 5 and 4 (0 is in already): shown 0, 1, 4, 5, 6.
    assert with_fusion_floor([0, 1, 2, 3, 4, 5, 6], matrix) == [0, 1, 4, 5, 6, 2, 3]


def test_the_floor_keeps_the_models_order_when_fusion_lists_too_few():
    matrix = np.vstack([row(fusion_rr=1.0 if i == 3 else 0.0) for i in range(6)])
    # The model's 0 and 1, fusion's only listed row 3: the first five are 0, 1, 3, then 2, 4, 5 follow.
    assert with_fusion_floor([0, 1, 2, 3, 4, 5], matrix) == [0, 1, 3, 2, 4, 5]


# lyg-2017-measures 第十五条 (2017) restated by lyg-2026-contribution-notice 4.大病保障 (published 2025-10-27).
OLD_SERIOUS = UnitProfile.of("第十五条 城乡居民大病保险", "城乡居民大病保险起付线为10000元", (), "article", "2017-09-30", "连云港")
NEW_SERIOUS = UnitProfile.of("八、医疗待遇 4.大病保障", "起付标准为1.6万元，封顶线为50万元", (), "section", "2025-10-27", "连云港")
OTHER_CITY = UnitProfile.of("待遇指南", "大病保险起付线", (), "table", "2021-03-01", "长春")


def test_an_older_unit_has_a_newer_rival_when_a_newer_unit_of_its_city_is_among_fusions_first_five():
    profiles = [OLD_SERIOUS, NEW_SERIOUS, OTHER_CITY]
    vectors = np.array([[1.0, 0.0], [0.6, 0.8], [0.0, 1.0]])
    flags, cosines = newer_rivals([0, 1, 2], np.array([1.0, 1 / 2, 1 / 3]), profiles, vectors)
    assert flags.tolist() == [1.0, 0.0, 0.0]  # the 长春 unit is older too, but no newer 长春 unit is listed
    assert cosines.tolist() == [0.6, 0.0, 0.0]  # (1, 0) · (0.6, 0.8)


def test_a_newer_unit_below_fusions_first_five_is_no_rival():
    flags, _ = newer_rivals([0, 1], np.array([1.0, 1 / 6]), [OLD_SERIOUS, NEW_SERIOUS])
    assert flags.tolist() == [0.0, 0.0]


# A chunk headed by one benefit whose body goes on into another: the headings alone are no conflict.
SPECIAL_UNDER_OTHER_HEADING = UnitProfile.of("第十一条 门诊待遇 3.门诊特殊病种",
                                             "门诊特殊病种……住院治疗的，按住院待遇报销", (), "article", "2017-09-30")


def test_the_filter_keeps_a_first_unit_whose_body_names_the_benefit_asked_though_its_headings_do_not():
    slots = QuerySlots.of("住院起付线多少")
    assert agreement(slots, SPECIAL_UNDER_OTHER_HEADING)["benefit_conflict"] == 1.0  # still a feature
    matrix = np.vstack([row(**agreement(slots, u)) for u in (SPECIAL_UNDER_OTHER_HEADING, INPATIENT)])
    assert aspect_filter([0, 1], matrix) == [0, 1]


def test_headings_naming_every_content_term_of_the_question_cover_all_of_it_and_others_none():
    slots = QuerySlots.of("住院起付线多少")
    covering = UnitProfile.of("住院起付线", "正文", (), "qa", None)
    other = UnitProfile.of("门诊慢特病", "正文", (), "qa", None)
    assert agreement(slots, covering)["cover_heading"] == pytest.approx(1.0)
    assert agreement(slots, other)["cover_heading"] == 0.0


def test_the_similar_questions_left_out_in_training_do_not_count_as_covering_the_question():
    slots = QuerySlots.of("住院起付线多少")
    unit = UnitProfile.of("第十二条", "正文", ("住院起付线是多少",), "article", None)
    assert agreement(slots, unit)["cover_questions"] == pytest.approx(1.0)
    assert agreement(slots, unit, questions_text="")["cover_questions"] == 0.0
    assert "benefit_questions" not in agreement(slots, unit, questions_text="")


def test_a_unit_stating_an_amount_matches_a_question_asking_how_much_money_and_a_funding_rule_does_not():
    slots = QuerySlots.of("大病保险起付线多少钱")
    assert agreement(slots, BANDS)["figure_kind_match"] == 1.0  # 起付标准为1.6万元
    assert agreement(slots, FUNDING)["figure_kind_match"] == 0.0  # 从城乡居民医保基金中划拨
