"""Template helpers for printing a documents.layout.DocumentLayout (templates/documents/). The
layout itself comes from the view (documents.layout.document_layout)."""

from django import template
from django.utils.html import format_html, format_html_join

from documents.layout import Blank, Run

register = template.Library()


def _run(run):
    if not isinstance(run, Blank):
        return format_html("{}", run)
    if run.value:
        return format_html("{}", run.value)
    # An empty box the signed PDF turns into a form field filled at issue (documents.pades).
    return format_html('<span class="pf-doc__blank" id="field-{}" style="width: {}mm"></span>', run.name, f"{run.width_mm:g}")


@register.filter
def runs(value):
    """A list of strings and Blanks as escaped HTML: strings as text, a Blank as its value or an empty box."""
    return format_html_join("", "{}", ((_run(run),) for run in value))


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
