"""The plan as an official document (Nghị định 30/2020/NĐ-CP): one layout, three renderings, PAdES.

formatting  numbers, money, dates, schedules, signature-block lines in words (pure functions)
layout      plan → DocumentLayout (every printed string); the single source of truth
html        the layout as HTML (templates/documents/), for the plan page and the PDF
pdf         the layout as PDF with WeasyPrint (A4, Liberation Serif), and the boxes of the blanks
docx        the layout as DOCX, built with `word`
word        the DOCX building blocks (page, paragraphs, rules, tables) the plan and the
            consolidated report (reporting.consolidated) share
stamps      the visible signature stamps, drawn with WeasyPrint
pades       the signer's certification signature and the organization's seal with pyHanko
verify      verify_issued_pdf(plan): both signatures of the stored issued PDF
services    what workflow.services.perform calls (on the main signature, at issue) and what the
            downloads serve
models      SignedDocument: the stored signed PDFs
api, urls   the downloads over the API (docs/API.md "Documents")

A top-level app above approvals (it signs with approvals' keys) and below reporting (whose
consolidated report prints with its helpers); its label "documents" keeps its table and migrations.
"""
