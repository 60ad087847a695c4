"""Numbers as readers of the active language write them."""

from decimal import Decimal

from django.utils import formats


def reader_number(value: Decimal | int | float | None) -> str:
    """`value` as readers of the active language write it (1.234,5 in vi, 1,234.5 in en),
    without the trailing zeros of a decimal column ("30", not "30,00")."""
    if value is None or value == "":
        return ""
    if isinstance(value, Decimal):
        value = value.normalize()
        places = max(0, -value.as_tuple().exponent)
        value = value.quantize(Decimal(1).scaleb(-places))
    else:
        places = None
    return formats.number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)
