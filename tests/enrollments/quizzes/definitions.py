"""A frozen quiz definition with one question of each type, for the tests of the pure quiz rules."""

DEFINITION = {
    "kind": "graded", "shuffle_questions": False, "shuffle_choices": False, "scale": [],
    "questions": [
        {"id": "s", "type": "single_choice", "choices": [{"id": "s1"}, {"id": "s2"}]},
        {"id": "m", "type": "multiple_choice", "choices": [{"id": "m1"}, {"id": "m2"}, {"id": "m3"}]},
        {"id": "t", "type": "true_false"},
        {"id": "x", "type": "short_text"},
        {"id": "n", "type": "numeric"},
    ],
}
