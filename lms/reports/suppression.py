"""Small-number suppression for donor reports: no figure lets anyone learn a count of 1 to 4 people.

Pure: plain counts in, the values to print out (None where the cell is withheld). No models, no database.

The reader we protect against sees every figure we print, knows that counts are whole numbers, that a
printed total is the sum of its cells (the "not stated" column makes every breakdown add up), and that a
printed 0 is a real 0. From a breakdown with a printed total, arithmetic gives them exactly one more fact
about the withheld cells: their sum `s` = total - the printed cells.

Counts (`suppress_counts`), one breakdown of one dimension beside its total:

1. Primary: a cell of 1..minimum-1 is withheld. 0 is printed (nobody is described).
2. Complementary: the withheld cells must be either none, or `k >= 2` cells whose known sum satisfies
   `s >= minimum + k - 2`. Each withheld cell is at least 1 (zeros are printed), so arithmetic only says a
   withheld cell lies in 1..s-(k-1); the rule makes that range cover all of 1..minimum-1. So no withheld
   cell is recovered, none is narrowed beyond what "<5" already says, and their combined count (s >= minimum)
   is not a small number either. With two cells it is the familiar "a + b >= 5": 2 and 3 (sum 5) are
   enough, 1 and 2 (sum 3) are not. When the primary cells alone fail, the smallest printed non-zero cell
   (ties: the first key) is withheld too; one such cell always suffices, as it holds at least `minimum`.
3. Withheld whole: when every non-zero cell is small and rule 2 still fails (e.g. 12 people in 12 oblasts,
   one each: each would be pinned at exactly 1), every cell is withheld, zeros included, so a withheld
   cell may be 0 and arithmetic gives each only the range 0..total.
4. A total of 1..minimum-1 is itself withheld (`suppress_total`), so there is nothing to difference from:
   every non-zero cell is withheld and zeros are printed.

Limits: the guarantee is about what the printed figures imply arithmetically (as statistical offices
audit tables); a reader who re-runs this procedure on candidate tables can sometimes narrow a cell further.
It protects one breakdown against its own total; breakdowns nested in one another (oblast within a course
within the programme) must be suppressed against every total that is printed. A withheld cell is printed
"<5" even when it was withheld to protect another, so the report's note must say so.

Shares (`suppress_share`): printed only when the two counts they stand for (those who did, those who did
not) would both be printed by rules 1 and 4. Beside a printed denominator a share gives its numerator away:
"5 % of 40" is "2 people", so 2 of 40 (and 38 of 40) is withheld; 0 of 40 and 40 of 40 are printed.

Means (`suppress_mean`): withheld over fewer than `minimum` people. In a breakdown, also withhold the mean of
every category whose count is withheld (`suppress_means`), or the overall mean gives it away by differencing.
"""

from collections.abc import Mapping
from typing import TypeVar

K = TypeVar("K")

MINIMUM = 5  # people: a count of 1..4 is never shown


def suppress_counts(
    counts: Mapping[K, int], *, total: int | None = None, minimum: int = MINIMUM
) -> dict[K, int | None]:
    """One breakdown (every category of one dimension, "not stated" included) of a count of people whose total
    is shown beside it. Returns the same keys in the same order, with None where the cell is shown as "<5".
    `total` must equal the sum of the cells (people not described belong under "not stated")."""
    _check(counts.values(), minimum)
    if total is None:
        total = sum(counts.values())
    elif total != sum(counts.values()):
        raise ValueError(f"the cells add up to {sum(counts.values())}, not to the total {total}")
    withheld = {key for key, count in counts.items() if 0 < count < minimum}
    if withheld and total >= minimum and not _protected([counts[key] for key in withheld], minimum):
        larger = [(count, position, key) for position, (key, count) in enumerate(counts.items()) if count >= minimum]
        if larger:
            withheld.add(min(larger)[2])
        else:
            withheld = set(counts)
    return {key: None if key in withheld else count for key, count in counts.items()}


def suppress_total(total: int, *, minimum: int = MINIMUM) -> int | None:
    """A headline count of people: None when 0 < total < minimum."""
    _check([total], minimum)
    return None if 0 < total < minimum else total


def suppress_share(numerator: int, denominator: int, *, minimum: int = MINIMUM) -> float | None:
    """A share (0..1) of people, e.g. those who reached the pass mark. None when there is nobody, when there are
    fewer than `minimum` people, or when those who did or those who did not number 1..minimum-1."""
    _check([numerator, denominator], minimum)
    if numerator > denominator:
        raise ValueError(f"{numerator} of {denominator} people")
    both = suppress_counts({"did": numerator, "did not": denominator - numerator}, minimum=minimum)
    if denominator == 0 or None in both.values():
        return None
    return numerator / denominator


def suppress_mean(values_count: int, mean: float | None, *, minimum: int = MINIMUM) -> float | None:
    """A mean over people (e.g. the gain from pre- to post-test): None when fewer than `minimum` people."""
    _check([values_count], minimum)
    return None if mean is None or values_count < minimum else mean


def suppress_means(
    counts: Mapping[K, int], means: Mapping[K, float | None], *, minimum: int = MINIMUM
) -> dict[K, float | None]:
    """A mean for each category of one breakdown, beside the overall mean: `counts` are the people each mean is
    over. A category's mean is withheld wherever its count would be (`suppress_counts`), so the overall mean
    cannot be differenced back to a small group's."""
    counted = suppress_counts(counts, minimum=minimum)
    return {
        key: None if counted[key] is None else suppress_mean(counts[key], means[key], minimum=minimum) for key in counts
    }


def shown(value) -> str:
    """What a CSV or XLSX cell holds: "<5" for a withheld value, else the value as text."""
    return f"<{MINIMUM}" if value is None else str(value)


def _protected(withheld: list[int], minimum: int) -> bool:
    """Rule 2 of the module docstring, for the non-zero cells withheld from a breakdown with a shown total."""
    return len(withheld) >= 2 and sum(withheld) >= minimum + len(withheld) - 2


def _check(counts, minimum: int) -> None:
    if minimum < 1:
        raise ValueError(f"minimum must be at least 1, not {minimum}")
    if any(count < 0 for count in counts):
        raise ValueError("a count of people cannot be negative")
