from django.apps import AppConfig


class FilestoreConfig(AppConfig):
    """Files kept with the record: signed PDFs and report attachments, written in the transaction
    that records them (filestore.storage)."""

    name = "filestore"
    verbose_name = "Tệp lưu cùng hồ sơ"
