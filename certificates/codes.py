"""Verification codes: 20 random characters of Crockford's base32, i.e. 100 bits from `secrets`.

Nothing about a code is derived from ids or dates, so codes cannot be guessed or enumerated.
People read them off paper, so typing is forgiving: case, spaces and dashes do not matter, and
the letters O, I and L are read as the digits 0, 1 and 1.
"""

import re
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford's base32: no I, L, O, U
LENGTH = 20  # 20 × 5 bits = 100 bits of randomness
GROUP = 5
_TYPOS = str.maketrans({"O": "0", "I": "1", "L": "1"})
_SEPARATORS = re.compile(r"[\s\-‐‑–—_.]+")
_VALID = re.compile(rf"[{ALPHABET}]{{{LENGTH}}}")


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def format_code(code: str) -> str:
    """ABCDE-FGHJK-MNPQR-STVWX: the printed form."""
    return "-".join(code[i:i + GROUP] for i in range(0, len(code), GROUP))


def normalise_code(typed: str) -> str | None:
    """The stored form of a typed code, or None when it cannot be a code at all."""
    code = _SEPARATORS.sub("", typed or "").upper().translate(_TYPOS)
    return code if _VALID.fullmatch(code) else None
