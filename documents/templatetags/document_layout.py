"""Template helpers for printing a documents.layout.DocumentLayout (templates/documents/). The
layout itself comes from the view (documents.layout.document_layout)."""

import html

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

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


def _escaped(value):
    """conditional_escape(value) as a plain str (the runs of a 300-block body are ~1,000 strings:
    Django's escape wrapper and format_html cost more than the text)."""
    return value.__html__() if hasattr(value, "__html__") else html.escape(str(value))


def _inline_run(run, for_print):
    if run.note is not None:
        if for_print:  # WeasyPrint moves it to the foot of the page (print.css: float: footnote)
            return f'<span class="pf-fn">{_inline_html(run.note, for_print)}</span>'
        return f'<sup class="pf-doc__ref">{_escaped(run.text)}</sup>'
    text = _escaped(run.text)
    if run.italic:
        text = f"<em>{text}</em>"
    if run.bold:
        text = f"<strong>{text}</strong>"
    return text


def _inline_html(runs, for_print):
    return "".join(_inline_run(run, for_print) if isinstance(run, Run) else _escaped(run) for run in runs)


def _inline(runs, for_print):
    return mark_safe(_inline_html(runs, for_print))  # noqa: S308  (every piece escaped above)


@register.simple_tag(takes_context=True)
def inline(context, runs):
    """A block's Runs (documents.layout.Run) as escaped HTML: bold, italic; a footnote at the foot
    of the page when printing, a superscript number on the screen."""
    return _inline(runs, bool(context.get("for_print")))


def _body_block(block, for_print):
    """One block as the body prints it, with the white space the template loop it replaces had."""
    if block.kind == "table":
        rows = "".join(
            "<tr>"
            + "".join(
                f"<th>{_inline_html(cell, for_print)}</th>" if index < block.header_rows else f"<td>{_inline_html(cell, for_print)}</td>"
                for cell in row
            )
            + "</tr>"
            for index, row in enumerate(block.rows)
        )
        return f'\n    \n      <table class="pf-doc__table pf-doc__table--body">\n        {rows}\n      </table>\n    \n  '
    level = f" pf-doc__b--h{_escaped(block.level)}" if block.kind == "heading" else ""
    label = f"{_escaped(block.label)} " if block.label else ""
    runs = _inline_html(block.runs, for_print)
    return f'\n    \n      <p class="pf-doc__b pf-doc__b--{_escaped(block.kind)}{level}">{label}{runs}</p>\n    \n  '


@register.simple_tag(takes_context=True)
def body_blocks(context, blocks):
    """The body's BodyBlocks (documents.layout) as HTML: each a <p class="pf-doc__b pf-doc__b--<kind>">
    (a heading also pf-doc__b--h<level>) holding its label and its runs (`inline`), a table a
    <table class="pf-doc__table pf-doc__table--body"> whose first `header_rows` rows are <th> cells."""
    for_print = bool(context.get("for_print"))
    return mark_safe("".join(_body_block(block, for_print) for block in blocks))  # noqa: S308  (every piece escaped)
