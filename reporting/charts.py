"""Small server-rendered bar charts in HTML: no JavaScript, readable without the chart (the numbers
are in a table beside it).

Each bar has its label on its own line above it, wrapping like any text: a long target's wording is
never cut at either end, and the chart fits a phone's width. Values are written the Vietnamese way
(66,7%). Labels are escaped here; the result is safe to put in a template.
"""

from django.utils.html import escape
from django.utils.safestring import mark_safe

from plans.numbers import format_number


def horizontal_bars(items, *, max_value=None, suffix="", title=""):
    """`items` is [(label, value)]; value a number. Returns a <figure> of bars."""
    items = [(str(label), float(value or 0)) for label, value in items]
    top = max([max_value or 0] + [v for _l, v in items]) or 1
    parts = [f'<figure class="pf-bars" role="group" aria-label="{escape(title)}">']
    for label, value in items:
        width = round(100 * max(value, 0) / top, 1)
        shown = f"{format_number(round(value, 1))}{suffix}"
        parts.append(
            '<div class="pf-bars__row">'
            f'<div class="pf-bars__label">{escape(label)}</div>'
            f'<div class="pf-bars__track"><span class="pf-bars__area"><span class="pf-bars__bar" style="width: {width}%"></span></span>'
            f'<span class="pf-bars__value">{escape(shown)}</span></div>'
            "</div>"
        )
    parts.append("</figure>")
    return mark_safe("".join(parts))  # noqa: S308 — every piece of text above is escaped
