"""Number formats of the report pages, in the page's language (75,6% in Indonesian)."""

from django import template
from django.utils.formats import get_format, number_format

register = template.Library()


@register.filter
def percent(value: float | None) -> str:
    """A 0-1 fraction as a percentage with one decimal; "-" when there is none."""
    if value is None:
        return "-"
    # Rounded here: number_format cuts the digits it does not show (2/3 would read 66,6%).
    return f"{number_format(round(value * 100, 1), 1)}%"


@register.filter
def number(value: float | None, places: int = 1) -> str:
    """Up to `places` decimals, without trailing zeros (360, 12,5); "-" when there is none."""
    if value is None:
        return "-"
    text = number_format(round(float(value), places), places)
    separator = get_format("DECIMAL_SEPARATOR")
    if separator in text:
        text = text.rstrip("0").rstrip(separator)
    return text
