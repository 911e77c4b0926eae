"""The progress rule (enrollments/progress.py): how far a learner is through a course and what comes next."""

from uuid import uuid4

import pytest

from enrollments.progress import Progress, course_progress

A, B, C, D = (uuid4() for _ in range(4))


@pytest.mark.parametrize(
    ("module_keys", "completed", "expected"),
    [
        pytest.param([A, B, C], set(), Progress(total=3, completed=0, next_key=A), id="none-done"),
        pytest.param([A, B, C], {A}, Progress(total=3, completed=1, next_key=B), id="first-done"),
        pytest.param([A, B, C], {B, C}, Progress(total=3, completed=2, next_key=A), id="out-of-order"),
        pytest.param([A, B, C], {A, C}, Progress(total=3, completed=2, next_key=B), id="gap-in-the-middle"),
        pytest.param([A, B, C], {A, B, C}, Progress(total=3, completed=3, next_key=None), id="all-done"),
        pytest.param([], set(), Progress(total=0, completed=0, next_key=None), id="empty-course"),
        pytest.param([A, B], {A, D}, Progress(total=2, completed=1, next_key=B), id="ignores-removed"),
        pytest.param([], {A}, Progress(total=0, completed=0, next_key=None), id="empty-course-stale-key"),
    ],
)
def test_course_progress(module_keys, completed, expected):
    assert course_progress(module_keys=module_keys, completed_keys=completed) == expected


@pytest.mark.parametrize(
    ("total", "completed", "percent"),
    [(0, 0, 0), (3, 0, 0), (3, 1, 33), (3, 2, 67), (3, 3, 100), (6, 1, 17), (8, 1, 12), (8, 3, 38),
     (7, 7, 100)],
)
def test_percent_is_rounded_to_a_whole_number(total, completed, percent):
    assert Progress(total=total, completed=completed, next_key=None).percent == percent


@pytest.mark.parametrize(
    ("total", "completed", "started", "complete"),
    [(0, 0, False, False), (3, 0, False, False), (3, 1, True, False), (3, 3, True, True)],
)
def test_started_and_complete_flags(total, completed, started, complete):
    progress = Progress(total=total, completed=completed, next_key=None)
    assert progress.has_started is started
    assert progress.is_complete is complete


def test_course_order_decides_what_comes_next():
    keys = [C, A, B]
    assert course_progress(module_keys=keys, completed_keys={C}).next_key == A
    assert course_progress(module_keys=keys, completed_keys={C, B}).next_key == A
