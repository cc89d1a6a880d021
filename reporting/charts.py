"""Small server-rendered SVG bar charts: no JavaScript, readable without the chart (numbers beside).

Labels are escaped here; the result is safe to mark_safe in a template.
"""

from django.utils.html import escape
from django.utils.safestring import mark_safe

BAR_HEIGHT = 22
GAP = 8
LABEL_WIDTH = 220
BAR_WIDTH = 320


def horizontal_bars(items, *, max_value=None, suffix="", title=""):
    """`items` is [(label, value)]; value a number. Returns an <svg> element."""
    items = [(str(label), float(value or 0)) for label, value in items]
    top = max([max_value or 0] + [v for _l, v in items]) or 1
    height = len(items) * (BAR_HEIGHT + GAP) + GAP
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{LABEL_WIDTH + BAR_WIDTH + 80}" height="{height}" '
        f'viewBox="0 0 {LABEL_WIDTH + BAR_WIDTH + 80} {height}" class="pf-chart">',
        f"<title>{escape(title)}</title>",
    ]
    for i, (label, value) in enumerate(items):
        y = GAP + i * (BAR_HEIGHT + GAP)
        width = round(BAR_WIDTH * value / top, 1)
        shown = f"{value:g}{suffix}"
        parts.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{y + 15}" text-anchor="end" font-size="12">{escape(label[:40])}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{width}" height="{BAR_HEIGHT}" fill="#1976d2"></rect>'
            f'<text x="{LABEL_WIDTH + width + 6}" y="{y + 15}" font-size="12">{escape(shown)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 — every piece of text above is escaped
