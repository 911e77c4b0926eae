"""One way to write a percentage: "85 %" in Ukrainian (a no-break space, as Ukrainian typography has it), "85%" in
English; at most one decimal, with the language's decimal mark ("62,5 %", "62.5%")."""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format
from django.utils.translation import get_language

SPACED = {"uk"}  # languages that put a (no-break) space between the number and the sign


def format_percent(value) -> str:
    number = Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    if number == number.to_integral_value():
        number = number.quantize(Decimal("1"))
    sign = "\u00a0%" if (get_language() or "").split("-")[0] in SPACED else "%"
    return f"{number_format(number)}{sign}"
