"""One call, one set of questions in every language (enrollments/calls/answers.py: in_words_of), and which posted
field names a form may hold (check_field_names)."""

import pytest

from enrollments.calls.answers import InvalidAnswers, Question, check_field_names, clean_answers, in_words_of

REFERENCE = [
    Question(id="a", kind="short_text", label="Ваша посада", help_text="Як у трудовій книжці"),
    Question(id="b", kind="choice", label="Досвід", options=("Немає", "До 1 року", "Понад 1 рік")),
    Question(id="c", kind="consent", label="Я погоджуюся"),
]


def test_a_translation_lends_its_wording_and_the_reference_keeps_what_is_asked_and_stored():
    english = [
        Question(id="a", kind="short_text", label="Your position", help_text="As in your work record", required=False),
        Question(id="b", kind="choice", label="Experience", options=("None", "Up to a year", "Over a year")),
        Question(id="c", kind="consent", label="I agree"),
    ]
    worded = in_words_of(REFERENCE, english)
    assert [(q.label, q.help_text) for q in worded] == [
        ("Your position", "As in your work record"), ("Experience", ""), ("I agree", "")]
    assert worded[0].required  # what is required is the reference's
    assert worded[1].choices == [("Немає", "None"), ("До 1 року", "Up to a year"), ("Понад 1 рік", "Over a year")]
    assert worded[1].shown("До 1 року") == "Up to a year" and worded[1].shown(["Немає"]) == ["None"]
    assert clean_answers(questions=worded, answers={"b": "До 1 року"}) == {"b": "До 1 року"}


def test_what_the_translation_lacks_is_asked_in_the_reference_wording_and_what_only_it_has_is_not_asked():
    english = [
        Question(id="b", kind="choice", label="Experience", options=("None", "Some")),  # an option short
        Question(id="c", kind="short_text", label="Another kind under the same id"),
        Question(id="z", kind="short_text", label="Only in English"),
    ]
    worded = in_words_of(REFERENCE, english)
    assert [q.id for q in worded] == ["a", "b", "c"]
    assert worded[0] == REFERENCE[0] and worded[2] == REFERENCE[2]
    assert worded[1].label == "Experience"
    assert worded[1].choices == [(option, option) for option in REFERENCE[1].options]  # labels it cannot pair


FILE_QUESTION = [*REFERENCE, Question(id="f", kind="file", label="Резюме", required=False, kinds=("pdf",))]


@pytest.mark.parametrize(("data", "files"), [
    ({"q-a": ["Вчителька"], "q-f": [""]}, []),  # a file input left empty, as a browser posts it
    ({"q-a": ["Вчителька"]}, ["q-f"]),
    ({"q-a": ["Вчителька"], "action": ["save"]}, []),
], ids=["empty-file-part", "file-uploaded", "other-fields"])
def test_field_names_a_browser_posts_are_accepted(data, files):
    check_field_names(questions=FILE_QUESTION, data=data, file_keys=files)


@pytest.mark.parametrize(("data", "files"), [
    ({"q-f": ["not a file"]}, []),  # text where a file belongs
    ({"q-f": ["", "x"]}, []),
    ({"q-z": [""]}, []),  # a question the call does not ask, even empty
    ({}, ["q-a"]),  # a file where text belongs
], ids=["text-for-file", "second-value", "unknown-empty", "file-for-text"])
def test_foreign_field_names_are_refused(data, files):
    with pytest.raises(InvalidAnswers):
        check_field_names(questions=FILE_QUESTION, data=data, file_keys=files)
