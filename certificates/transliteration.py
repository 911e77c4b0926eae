"""Holder names in Latin letters by Ukraine's official national transliteration table.

The table is the one adopted by Cabinet of Ministers resolution No. 55 of 27 January 2010 (used for
passports): є, ї, й, ю, я are Ye, Yi, Y, Yu, Ya at the start of a word and ie, i, i, iu, ia inside
it; зг is zgh; the soft sign and the apostrophe are dropped. `translitua` implements that table
and is tested against the resolution's own examples.
"""

from translitua import UkrainianKMU, translit

# The apostrophe comes in several shapes in names typed on phones; the table drops all of them.
_APOSTROPHES = str.maketrans({"ʼ": "'", "’": "'", "`": "'", "ʹ": "'"})


def to_latin(name: str) -> str:
    """'Олександра Щербак' → 'Oleksandra Shcherbak'; 'Юрій Зінченко' → 'Yurii Zinchenko'."""
    latin = translit(name.translate(_APOSTROPHES), UkrainianKMU)
    return " ".join(latin.replace("'", "").split())
