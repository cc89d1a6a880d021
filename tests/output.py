"""Where tests leave files for a person to look at (screenshots, PDFs, PNG pages).

`make test` runs the SQLite and the PostgreSQL suites side by side, so each database run writes
under its own folder: test-output/sqlite/… and test-output/postgresql/…"""

from pathlib import Path

from django.conf import settings
from django.db import connection

OUTPUT_ROOT = Path(settings.BASE_DIR) / "test-output" / connection.vendor
