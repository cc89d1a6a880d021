"""Template helpers for printing a documents.layout.DocumentLayout (templates/documents/). The
layout itself comes from the view (documents.layout.document_layout)."""

from django import template
from django.utils.html import format_html, format_html_join

from documents.layout import Blank

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
