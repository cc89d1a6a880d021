"""Template helpers for printing a documents.layout.DocumentLayout (templates/documents/). The
layout itself comes from the view (documents.layout.document_layout)."""

from django import template
from django.utils.html import format_html, format_html_join

from documents.layout import Blank, Run

register = template.Library()

OPEN_MM = 10  # the room left for a number written in by hand ("Số:      /KH-UBND")


def _run(run, for_signing):
    if not isinstance(run, Blank):
        return format_html("{}", run)
    if run.value:
        return format_html("{}", run.text)
    if for_signing:
        # An empty box the signed PDF turns into a form field filled at issue (documents.pades),
        # which draws the blank's prefix and suffix around the value ("Số: 01/KH-UBND" in one run).
        return format_html('<span class="pf-doc__blank" id="field-{}" style="width: {}mm"></span>', run.name, f"{run.width_mm:g}")
    width = OPEN_MM if run.prefix or run.suffix else run.width_mm  # the line's box: only the value's part is open
    return format_html(
        '{}<span class="pf-doc__blank" id="field-{}" style="width: {}mm"></span>{}', run.prefix, run.name, f"{width:g}", run.suffix
    )


@register.filter
def runs(value):
    """A list of strings and Blanks as escaped HTML: strings as text, a Blank as its text or an empty box."""
    return format_html_join("", "{}", ((_run(run, False),) for run in value))


@register.filter
def field_runs(value):
    """`runs` in the PDF the signer signs: an empty Blank is the box its form field covers."""
    return format_html_join("", "{}", ((_run(run, True),) for run in value))


def _inline_run(run, for_print):
    if run.note is not None:
        if for_print:  # WeasyPrint moves it to the foot of the page (print.css: float: footnote)
            return format_html('<span class="pf-fn">{}</span>', _inline(run.note, for_print))
        return format_html('<sup class="pf-doc__ref">{}</sup>', run.text)
    html = format_html("{}", run.text)
    if run.italic:
        html = format_html("<em>{}</em>", html)
    if run.bold:
        html = format_html("<strong>{}</strong>", html)
    return html


def _inline(runs, for_print):
    return format_html_join("", "{}", ((_inline_run(run, for_print) if isinstance(run, Run) else format_html("{}", run),) for run in runs))


@register.simple_tag(takes_context=True)
def inline(context, runs):
    """A block's Runs (documents.layout.Run) as escaped HTML: bold, italic; a footnote at the foot
    of the page when printing, a superscript number on the screen."""
    return _inline(runs, bool(context.get("for_print")))
