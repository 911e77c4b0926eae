from enum import Enum

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lms.reports.suppression import (
    MINIMUM,
    shown,
    suppress_counts,
    suppress_mean,
    suppress_means,
    suppress_share,
    suppress_total,
)


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        # One small cell: the smallest other non-zero cell goes with it, or the total gives the 3 away.
        (
            {"female": 120, "male": 3, "not stated": 40},
            {"female": 120, "male": None, "not stated": None},
        ),
        # Two small cells whose known sum is 5: each could still be any of 1..4.
        ({"female": 100, "male": 2, "not stated": 3}, {"female": 100, "male": None, "not stated": None}),
        # Known sum 3 is itself a small count (and pins each to 1..2): a larger cell joins them.
        ({"female": 100, "male": 1, "not stated": 2}, {"female": None, "male": None, "not stated": None}),
        # Three small cells need a sum of 6 (each 1..4 while the others are at least 1): 2+2+2 is enough...
        ({"a": 50, "b": 2, "c": 2, "d": 2}, {"a": 50, "b": None, "c": None, "d": None}),
        # ...2+2+1 is not, so the smallest larger cell joins them.
        ({"a": 50, "b": 2, "c": 2, "d": 1, "e": 30}, {"a": 50, "b": None, "c": None, "d": None, "e": None}),
        # Two 4s (sum 8) are protected without help.
        ({"female": 120, "male": 4, "not stated": 4}, {"female": 120, "male": None, "not stated": None}),
        # Zeros are shown, and never chosen as the complementary cell.
        (
            {"female": 40, "male": 0, "not stated": 2, "other": 10},
            {"female": 40, "male": 0, "not stated": None, "other": None},
        ),
        # Ties between complementary candidates: the first key given.
        ({"a": 3, "b": 7, "c": 7}, {"a": None, "b": None, "c": 7}),
        ({"a": 3, "c": 7, "b": 7}, {"a": None, "c": None, "b": 7}),
        # Nothing small: everything shown.
        ({"female": 7, "male": 5, "not stated": 0}, {"female": 7, "male": 5, "not stated": 0}),
        # A total of 4 is withheld itself: every non-zero cell is withheld, zeros still shown.
        ({"female": 3, "male": 1, "not stated": 0}, {"female": None, "male": None, "not stated": 0}),
        # Only small cells and not enough of a sum: the breakdown is withheld whole.
        ({"female": 2, "male": 2, "not stated": 1}, {"female": None, "male": None, "not stated": None}),
        # One category only.
        ({"all": 120}, {"all": 120}),
        ({"all": 3}, {"all": None}),
        ({"all": 0}, {"all": 0}),
        ({}, {}),
    ],
)
def test_suppress_counts_tables(counts, expected):
    result = suppress_counts(counts)

    assert result == expected
    assert list(result) == list(counts)


def test_one_person_in_each_of_many_oblasts_withholds_the_zeros_too():
    """12 people in 12 of 25 oblasts: with zeros shown, each withheld cell would be pinned at exactly 1."""
    counts = {f"oblast {n}": 1 if n < 12 else 0 for n in range(25)}

    assert suppress_counts(counts) == dict.fromkeys(counts)


def test_keys_of_any_type():
    class Sex(Enum):
        FEMALE = "f"
        MALE = "m"

    assert suppress_counts({Sex.FEMALE: 30, Sex.MALE: 2, None: 9}) == {Sex.FEMALE: 30, Sex.MALE: None, None: None}
    assert suppress_counts({(1, "a"): 2, (2, "b"): 3}, total=5) == {(1, "a"): None, (2, "b"): None}


def test_a_different_minimum():
    assert suppress_counts({"a": 9, "b": 11, "c": 40}, minimum=10) == {"a": None, "b": None, "c": 40}
    assert suppress_counts({"a": 1, "b": 40}, minimum=1) == {"a": 1, "b": 40}


@pytest.mark.parametrize(
    ("counts", "kwargs"),
    [
        ({"a": 3, "b": 40}, {"total": 50}),  # cells that do not add up: the difference could not be reasoned about
        ({"a": -1, "b": 40}, {}),
        ({"a": 3, "b": 40}, {"minimum": 0}),
    ],
)
def test_suppress_counts_refuses_what_it_cannot_protect(counts, kwargs):
    with pytest.raises(ValueError):
        suppress_counts(counts, **kwargs)


@pytest.mark.parametrize(("total", "expected"), [(0, 0), (1, None), (4, None), (5, 5), (1200, 1200)])
def test_suppress_total(total, expected):
    assert suppress_total(total) == expected


@pytest.mark.parametrize(
    ("numerator", "denominator", "expected"),
    [
        (20, 40, 0.5),
        (0, 40, 0.0),
        (40, 40, 1.0),
        (5, 5, 1.0),
        (2, 40, None),  # "5 % of 40" is "2 people"
        (38, 40, None),  # and "95 % of 40" is "2 people did not"
        (3, 4, None),
        (0, 4, None),
        (0, 0, None),
    ],
)
def test_suppress_share(numerator, denominator, expected):
    assert suppress_share(numerator, denominator) == expected


def test_suppress_share_refuses_more_than_everyone():
    with pytest.raises(ValueError):
        suppress_share(41, 40)


@pytest.mark.parametrize(
    ("count", "mean", "expected"), [(4, 1.5, None), (5, 1.5, 1.5), (0, None, None), (9, None, None)]
)
def test_suppress_mean(count, mean, expected):
    assert suppress_mean(count, mean) == expected


def test_suppress_means_follows_the_counts():
    """The male mean over 3 and the not stated mean over 20 both go, or the overall mean would give the 3 away."""
    means = suppress_means({"female": 40, "male": 3, "not stated": 20}, {"female": 1.5, "male": 4.0, "not stated": 2.0})

    assert means == {"female": 1.5, "male": None, "not stated": None}


@pytest.mark.parametrize(("value", "expected"), [(None, f"<{MINIMUM}"), (0, "0"), (12, "12"), (0.25, "0.25")])
def test_shown(value, expected):
    assert shown(value) == expected


# Properties over any breakdown. Small counts are drawn often, so the rules are exercised.
counts_lists = st.lists(st.one_of(st.integers(0, 6), st.integers(0, 60)), max_size=9)
minimums = st.integers(1, 10)


def _table(values):
    return {f"category {n}": value for n, value in enumerate(values)}


def _each_value_possible(withheld, known_sum, low, values):
    """Whether every value in `values` is possible for every withheld cell, as far as arithmetic tells a reader
    who knows the withheld cells' sum and that each is at least `low`: the rest of the sum must be spread over
    the other withheld cells, each at least `low` (one takes the remainder)."""
    for _ in withheld:
        for value in values:
            rest = known_sum - value
            others = len(withheld) - 1
            if others == 0 and rest != 0:
                return False
            if others and rest < low * others:
                return False
    return True


@given(counts_lists, minimums)
def test_no_small_count_is_shown(values, minimum):
    result = suppress_counts(_table(values), minimum=minimum)

    assert not [value for value in result.values() if value is not None and 0 < value < minimum]


@given(counts_lists, minimums)
def test_no_withheld_cell_can_be_worked_out(values, minimum):
    counts = _table(values)
    result = suppress_counts(counts, minimum=minimum)
    withheld = [key for key, value in result.items() if value is None]
    total = sum(values)

    if 0 < total < minimum:  # the total is withheld too: nothing to difference from
        assert withheld == [key for key, count in counts.items() if count]
        return
    known_sum = total - sum(value for value in result.values() if value is not None)
    assert known_sum == 0 or known_sum >= minimum  # the withheld cells together are not a small count
    if withheld and len(withheld) == len(counts):  # withheld whole: a withheld cell may be a zero
        assert _each_value_possible(withheld, known_sum, 0, range(0, minimum))
    else:  # zeros are shown, so each withheld cell is at least 1
        assert _each_value_possible(withheld, known_sum, 1, range(1, minimum))


@given(counts_lists, minimums)
def test_at_most_one_larger_cell_is_withheld_unless_all_are(values, minimum):
    result = suppress_counts(_table(values), minimum=minimum)
    larger = [key for key, count in _table(values).items() if count >= minimum and result[key] is None]

    assert len(larger) <= 1 or all(value is None for value in result.values())


@given(counts_lists, minimums)
def test_keys_and_shown_values_are_kept(values, minimum):
    counts = _table(values)
    result = suppress_counts(counts, minimum=minimum)

    assert list(result) == list(counts)
    assert all(result[key] in (None, count) for key, count in counts.items())


@given(counts_lists, minimums)
def test_same_table_same_answer(values, minimum):
    assert suppress_counts(_table(values), minimum=minimum) == suppress_counts(dict(_table(values)), minimum=minimum)


@given(st.integers(0, 60), st.integers(0, 60), minimums)
def test_a_shown_share_gives_no_small_count_away(numerator, extra, minimum):
    denominator = numerator + extra
    share = suppress_share(numerator, denominator, minimum=minimum)

    if share is not None:
        assert share == numerator / denominator
        assert denominator >= minimum
        assert not 0 < numerator < minimum
        assert not 0 < denominator - numerator < minimum
