"""Holder names in Latin letters (certificates/transliteration.py) by the KMU resolution No. 55 of 2010.

The examples are the resolution's own table (names and place names), plus names as they are typed.
"""

import pytest

from certificates.transliteration import to_latin


@pytest.mark.parametrize(("cyrillic", "latin"), [
    pytest.param("Олександра Щербак", "Oleksandra Shcherbak", id="Oleksandra-Shcherbak"),
    pytest.param("Юрій Зінченко", "Yurii Zinchenko", id="Yurii-Zinchenko"),
    pytest.param("Згурський", "Zghurskyi", id="zg-is-zgh"),
    pytest.param("Розгон", "Rozghon", id="zg-inside-a-word"),
    pytest.param("Згорани", "Zghorany", id="zg-at-the-start"),
    pytest.param("Євген", "Yevhen", id="ye-at-the-start"),
    pytest.param("Єнакієве", "Yenakiieve", id="ie-inside"),
    pytest.param("Наталія", "Nataliia", id="ia-inside"),
    pytest.param("Їжакевич", "Yizhakevych", id="yi-at-the-start"),
    pytest.param("Кадиївка", "Kadyivka", id="i-inside"),
    pytest.param("Ярошенко", "Yaroshenko", id="ya-at-the-start"),
    pytest.param("Йосипівка", "Yosypivka", id="y-at-the-start"),
    pytest.param("Стрий", "Stryi", id="i-for-y-inside"),
    pytest.param("Олексій", "Oleksii", id="Oleksii"),
    pytest.param("Юрій", "Yurii", id="yu-at-the-start"),
    pytest.param("Корюківка", "Koriukivka", id="iu-inside"),
    pytest.param("Знам'янка", "Znamianka", id="apostrophe-dropped"),
    pytest.param("Знамʼянка", "Znamianka", id="modifier-letter-apostrophe-dropped"),
    pytest.param("Знам’янка", "Znamianka", id="typographic-apostrophe-dropped"),
    pytest.param("Знам`янка", "Znamianka", id="backtick-apostrophe-dropped"),
    pytest.param("Короп'є", "Koropie", id="apostrophe-before-ye"),
    pytest.param("Гаврилюк", "Havryliuk", id="h-for-г"),
    pytest.param("Галаган", "Halahan", id="Halahan"),
    pytest.param("Ґалаґан", "Galagan", id="g-for-ґ"),
    pytest.param("Ґорґани", "Gorgany", id="Gorgany"),
    pytest.param("Щербухи", "Shcherbukhy", id="shch-and-kh"),
    pytest.param("Борщагівка", "Borshchahivka", id="Borshchahivka"),
    pytest.param("Гоща", "Hoshcha", id="Hoshcha"),
    pytest.param("Житомир", "Zhytomyr", id="zh"),
    pytest.param("Вінниця", "Vinnytsia", id="ts"),
    pytest.param("Чернівці", "Chernivtsi", id="ch"),
    pytest.param("Ужгород", "Uzhhorod", id="zhh"),
    pytest.param("Закарпаття", "Zakarpattia", id="Zakarpattia"),
    pytest.param("Феодосія", "Feodosiia", id="Feodosiia"),
    pytest.param("Костянтин", "Kostiantyn", id="Kostiantyn"),
    pytest.param("Біла Церква", "Bila Tserkva", id="two-words"),
    pytest.param("Ольга Петренко-Ковальчук", "Olha Petrenko-Kovalchuk", id="double-barrelled-soft-sign-dropped"),
    pytest.param("Анна-Марія Лисенко", "Anna-Mariia Lysenko", id="double-barrelled-first-name"),
    pytest.param("Юлія Ємельяненко-Їжак", "Yuliia Yemelianenko-Yizhak", id="word-start-after-the-hyphen"),
    pytest.param("ОЛЕКСАНДРА ЩЕРБАК", "OLEKSANDRA SHCHERBAK", id="capitals"),
])
def test_the_national_table(cyrillic, latin):
    assert to_latin(cyrillic) == latin


@pytest.mark.parametrize(("typed", "latin"), [
    pytest.param("  Юрій   Зінченко \n", "Yurii Zinchenko", id="extra-spaces"),
    pytest.param("", "", id="empty"),
    pytest.param("John Smith", "John Smith", id="already-latin"),
])
def test_names_as_typed(typed, latin):
    assert to_latin(typed) == latin
