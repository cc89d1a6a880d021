"""The body's blocks print through one tag (documents.templatetags.document_layout.body_blocks,
issue 16: a 300-block plan's page) with the HTML, byte for byte, of the template loop it replaced
(kept here as the reference), on the screen and for the PDF (footnotes at the foot of the page)."""

from types import SimpleNamespace

import pytest
from django.template import Context, Template

from bench.long_body import long_body
from documents.layout import _body, printable

# templates/documents/_body.html's loop before body_blocks, as it was
LOOP = """{% load document_layout %}  {% for block in doc.body %}
    {% if block.kind == "table" %}
      <table class="pf-doc__table pf-doc__table--body">
        {% for row in block.rows %}<tr>{% for cell in row %}{% if forloop.parentloop.counter0 < block.header_rows %}<th>{% inline cell %}</th>{% else %}<td>{% inline cell %}</td>{% endif %}{% endfor %}</tr>{% endfor %}
      </table>
    {% else %}
      <p class="pf-doc__b pf-doc__b--{{ block.kind }}{% if block.kind == "heading" %} pf-doc__b--h{{ block.level }}{% endif %}">{% if block.label %}{{ block.label }} {% endif %}{% inline block.runs %}</p>
    {% endif %}
  {% endfor %}
"""
TAG = """{% load document_layout %}  {% body_blocks doc.body %}
"""

HOSTILE = [
    {"kind": "heading", "level": 3, "label": "a)", "text": "<b>Mục</b> & \"trích\" 'dẫn' *nghiêng* **đậm *lồng***"},
    {"kind": "paragraph", "label": "<i>", "text": "Chú thích[^x] và [^không có] và **đậm[^x]**"},
    {"kind": "paragraph", "label": "", "text": ""},
    {"kind": "table", "label": "", "text": "", "header_rows": 2, "rows": [["<th>", "**Đậm**"], ["*a*", "[^x]"], ["&amp;", ""]]},
    {"kind": "table", "label": "", "text": "", "header_rows": 0, "rows": []},
    {"kind": "footnote", "label": "x", "text": "Ghi <chú> **x**"},
    {"kind": "footnote", "label": "y", "text": "Không ai dẫn \u202e tới"},
]


def _blocks(items):
    body, _notes = _body(items)
    return printable(body)


@pytest.mark.parametrize("for_print", [False, True])
@pytest.mark.parametrize("items", [HOSTILE, long_body(60, 1, 2)], ids=["hostile", "long"])
def test_the_body_tag_prints_what_the_template_loop_printed(items, for_print):
    context = {"doc": SimpleNamespace(body=_blocks(items)), "for_print": for_print}
    expected = Template(LOOP).render(Context(context))
    assert "pf-doc__b--" in expected
    assert Template(TAG).render(Context(context)) == expected
