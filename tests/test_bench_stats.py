"""Percentiles of `yibao bench`: linear interpolation between closest ranks (numpy's default)."""

import numpy as np
import pytest

from bot.bench.stats import Latency, ms, percentile, seconds


def test_median_of_an_even_count_is_the_mean_of_the_middle_two():
    assert percentile([4.0, 1.0, 3.0, 2.0], 0.5) == 2.5


def test_p95_of_five_values_interpolates_between_the_last_two():
    # position (5 - 1) * 0.95 = 3.8: 40 + 0.8 * (50 - 40)
    assert percentile([10, 20, 30, 40, 50], 0.95) == pytest.approx(48.0)


def test_p0_and_p100_are_the_minimum_and_the_maximum():
    assert percentile([5, 1, 9], 0.0) == 1
    assert percentile([5, 1, 9], 1.0) == 9


def test_a_single_value_is_every_percentile():
    assert percentile([7.5], 0.99) == 7.5


def test_no_values_give_no_percentile():
    assert percentile([], 0.5) is None


def test_percentile_agrees_with_numpy_linear():
    values = [3.1, 0.4, 12.0, 7.7, 7.7, 1.0, 25.3, 4.2, 9.9]
    for q in (0.5, 0.95, 0.99):
        assert percentile(values, q) == pytest.approx(float(np.percentile(values, q * 100)))


def test_q_outside_0_to_1_is_refused_with_the_accepted_range():
    with pytest.raises(ValueError, match="0 to 1"):
        percentile([1, 2], 95)


def test_latency_summary_counts_and_percentiles():
    latency = Latency.of([10.0, 20.0, 30.0, 40.0, 50.0])
    assert (latency.n, latency.p50, latency.p95) == (5, 30.0, pytest.approx(48.0))
    assert latency.p99 == pytest.approx(49.6)


def test_durations_are_formatted_with_units_and_a_dash_when_missing():
    assert (ms(12.345), ms(None), seconds(1.234), seconds(None)) == ("12.3 ms", "–", "1.23 s", "–")
