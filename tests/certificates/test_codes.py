"""Verification codes (certificates/codes.py): random enough not to be guessed, forgiving to type."""

import math
from collections import Counter

import pytest

from certificates.codes import ALPHABET, LENGTH, format_code, new_code, normalise_code

CODE = "7K2M9QXHD4T8BZRW3N6P"
SAMPLE = 3000


@pytest.fixture(scope="module")
def many() -> list[str]:
    return [new_code() for _ in range(SAMPLE)]


def test_a_code_is_twenty_characters_of_crockford_base32():
    code = new_code()

    assert len(code) == LENGTH == 20
    assert set(code) <= set(ALPHABET)
    assert len(set(ALPHABET)) == len(ALPHABET) == 32
    assert not set("ILOU") & set(ALPHABET)  # the letters people mistake for digits (and U) are not used


def test_a_code_carries_at_least_80_bits():
    assert LENGTH * math.log2(len(ALPHABET)) >= 80


def test_codes_are_unique(many):
    assert len(set(many)) == SAMPLE


def test_codes_made_one_after_another_are_not_sequential(many):
    """A counter or a timestamp would keep a long common prefix between neighbours; random codes share ~none."""
    shared = [len(_common_prefix(a, b)) for a, b in zip(many, many[1:], strict=False)]

    assert max(shared) < 6
    assert sum(shared) / len(shared) < 0.2  # 1/32 expected
    assert sorted(many) != many


def test_every_position_is_random(many):
    """Each of the 20 places takes every symbol with about the same frequency: nothing is fixed or derived."""
    for position in range(LENGTH):
        seen = Counter(code[position] for code in many)
        assert set(seen) == set(ALPHABET), position
        assert max(seen.values()) < 2 * SAMPLE / 32, position


def _common_prefix(a: str, b: str) -> str:
    length = next((i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y), len(a))
    return a[:length]


# --- Printed and typed forms ---------------------------------------------------------------------

def test_printed_in_groups_of_five():
    assert format_code(CODE) == "7K2M9-QXHD4-T8BZR-W3N6P"


def test_printed_form_reads_back_as_the_code(many):
    for code in many[:200]:
        assert normalise_code(format_code(code)) == code


@pytest.mark.parametrize("typed", [
    pytest.param("7K2M9QXHD4T8BZRW3N6P", id="as-stored"),
    pytest.param("7K2M9-QXHD4-T8BZR-W3N6P", id="as-printed"),
    pytest.param("7k2m9-qxhd4-t8bzr-w3n6p", id="lower-case"),
    pytest.param("  7K2M9 QXHD4 T8BZR W3N6P\n", id="spaces"),
    pytest.param("7K2M9—QXHD4–T8BZR_W3N6P", id="dashes-and-underscore"),
    pytest.param("7K2M9.QXHD4.T8BZR.W3N6P", id="dots"),
])
def test_typing_is_forgiving(typed):
    assert normalise_code(typed) == CODE


@pytest.mark.parametrize(("typed", "code"), [
    pytest.param("O0OOO-11111-22222-33333", "00000111112222233333", id="letter-O-is-zero"),
    pytest.param("00000-IiLl1-22222-33333", "00000111112222233333", id="letters-I-and-L-are-one"),
])
def test_look_alike_letters_are_read_as_digits(typed, code):
    assert normalise_code(typed) == code


@pytest.mark.parametrize("typed", [
    pytest.param("", id="empty"),
    pytest.param(None, id="none"),
    pytest.param("7K2M9-QXHD4-T8BZR-W3N6", id="one-short"),
    pytest.param("7K2M9-QXHD4-T8BZR-W3N6PP", id="one-too-many"),
    pytest.param("UK2M9-QXHD4-T8BZR-W3N6P", id="letter-U"),
    pytest.param("7К2М9-QXHD4-T8BZR-W3N6P", id="cyrillic-look-alikes"),
    pytest.param("7K2M9-QXHD4-T8BZR-W3N6P'; --", id="injection"),
    pytest.param("../../etc/passwd", id="path"),
])
def test_junk_is_not_a_code(typed):
    assert normalise_code(typed) is None
