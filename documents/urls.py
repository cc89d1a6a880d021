"""The plan as a document over the API (docs/API.md "Documents"); the plan page links the same files."""

from django.urls import path

from . import api

urlpatterns = []

api_urlpatterns = [
    path("plans/<int:pk>/document.pdf", api.PlanDocumentPdfView.as_view(), name="api-plan-document-pdf"),
    path("plans/<int:pk>/document.docx", api.PlanDocumentDocxView.as_view(), name="api-plan-document-docx"),
]
