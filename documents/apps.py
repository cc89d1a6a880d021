from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    """The plan as an official document: layout, HTML/PDF/DOCX and the PAdES-signed PDFs."""

    name = "documents"
    label = "documents"
    verbose_name = "Văn bản"
