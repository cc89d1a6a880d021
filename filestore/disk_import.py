"""Moving files an older planflow wrote to MEDIA_ROOT into the record storage (used by the
migrations that switched documents and reporting to filestore)."""

from django.core.files.storage import FileSystemStorage


def copy_from_disk(app_label, model_name):
    """A RunPython function: each file of `model_name`'s `file` column still on disk becomes a
    StoredFile of the same name (already stored ones are kept)."""

    def copy(apps, schema_editor):
        model = apps.get_model(app_label, model_name)
        stored = apps.get_model("filestore", "StoredFile")
        disk = FileSystemStorage()
        for name in model.objects.exclude(file="").values_list("file", flat=True).iterator():
            if stored.objects.filter(name=name).exists() or not disk.exists(name):
                continue
            with disk.open(name, "rb") as handle:
                data = handle.read()
            stored.objects.create(name=name, content=data, size=len(data))

    return copy
