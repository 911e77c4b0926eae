"""The order of an attempt (enrollments/quizzes/ordering.py): as written, or shuffled when the quiz asks."""

from enrollments.quizzes.ordering import attempt_order
from tests.enrollments.quizzes.definitions import DEFINITION


class FixedShuffle:
    def shuffle(self, items):
        items.reverse()


def test_order_follows_the_quiz_unless_it_asks_for_shuffling():
    assert attempt_order(definition=DEFINITION)["questions"] == ["s", "m", "t", "x", "n"]
    shuffled = attempt_order(definition={**DEFINITION, "shuffle_questions": True, "shuffle_choices": True},
                             rng=FixedShuffle())
    assert shuffled["questions"] == ["n", "x", "t", "m", "s"]
    assert shuffled["choices"]["m"] == ["m3", "m2", "m1"]
