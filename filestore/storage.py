"""Where planflow keeps the files a record names: signed PDFs (documents) and report attachments
(reporting).

The FileFields of those models use `record_storage()`, the storage `STORAGES["records"]` names
(settings: PLANFLOW_RECORD_STORAGE). The default is `DatabaseStorage`: the file's bytes are a
row of filestore.StoredFile, written through the same database connection, so the file is saved
in the transaction that records it. A refused or failed request rolls both back (no orphan
file), a committed one has both (never an issued plan without its PDF), and every web node sees
the same files without a shared disk.

Another backend can be named in PLANFLOW_RECORD_STORAGE, but only one whose writes the database
transaction settles keeps the rules above (a plain S3 or file-system storage leaves orphans).
"""

import posixpath
import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import Storage, storages
from django.utils.deconstruct import deconstructible


def record_storage():
    """The storage of files kept with the record (a callable, so migrations do not freeze the backend)."""
    return storages["records"]


@deconstructible(path="filestore.storage.DatabaseStorage")
class DatabaseStorage(Storage):
    """Files as rows of filestore.StoredFile (bytes in the database)."""

    def _model(self):
        from .models import StoredFile

        return StoredFile

    def _save(self, name, content):
        content.seek(0) if hasattr(content, "seek") else None
        data = content.read()
        if isinstance(data, str):
            data = data.encode("utf-8")
        self._model().objects.create(name=name, content=data, size=len(data))
        return name

    def _open(self, name, mode="rb"):
        if "w" in mode or "a" in mode or "+" in mode:
            raise ValueError("stored files are written once, through save()")
        row = self._model().objects.filter(name=name).only("content").first()
        if row is None:
            raise FileNotFoundError(f"no stored file {name!r}")
        stored = ContentFile(bytes(row.content), name=name)
        stored.mode = mode
        return stored

    def exists(self, name):
        return self._model().objects.filter(name=name).exists()

    def get_available_name(self, name, max_length=None):
        """A name no other file has: a random part before the extension (never overwrites)."""
        name = name.replace("\\", "/")
        directory, base = posixpath.split(name)
        stem, dot, extension = base.rpartition(".")
        if not dot:
            stem, extension = base, ""
        unique = f"{stem[:60]}-{uuid.uuid4().hex}{dot}{extension}"
        return posixpath.join(directory, unique) if directory else unique

    def delete(self, name):
        self._model().objects.filter(name=name).delete()

    def size(self, name):
        row = self._model().objects.filter(name=name).only("size").first()
        if row is None:
            raise FileNotFoundError(f"no stored file {name!r}")
        return row.size

    def url(self, name):
        raise NotImplementedError("stored files are served by planflow's own views (permission checked)")
