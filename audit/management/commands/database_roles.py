"""python manage.py database_roles --admin-url URL: the two PostgreSQL roles of a production install.

    PLANFLOW_MIGRATE_DATABASE_URL=postgres://planflow_owner:…@db/planflow   (migrate runs as it)
    DATABASE_URL=postgres://planflow_app:…@db/planflow                      (the application)
    manage.py database_roles --admin-url postgres://postgres@db/planflow

makes (or corrects) the owner role of PLANFLOW_MIGRATE_DATABASE_URL and the application role of
DATABASE_URL, with their passwords, hands every table, sequence and function of the schema to the
owner and grants the application rows only (audit.roles). Run it as a superuser (--admin-url),
once before the first `migrate` and again whenever you like: it is idempotent. It ends by checking
the application role and fails if any table is not covered. --owner/--app override the names
(the passwords then come from the URLs only if the names match). --dry-run prints the statements.
"""

import os

import dj_database_url
import psycopg
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from audit.roles import grant_statements, role_problems


def _user(url):
    config = dj_database_url.parse(url) if url else {}
    return config.get("USER") or None, config.get("PASSWORD") or None


class Command(BaseCommand):
    help = "Tạo vai trò sở hữu (chạy migrate) và vai trò ứng dụng (chỉ đọc/ghi dòng) trên PostgreSQL."

    def add_arguments(self, parser):
        parser.add_argument("--admin-url", required=True, help="URL PostgreSQL của một superuser, cùng cơ sở dữ liệu")
        parser.add_argument("--owner", help="tên vai trò sở hữu (mặc định: người dùng của PLANFLOW_MIGRATE_DATABASE_URL)")
        parser.add_argument("--app", help="tên vai trò ứng dụng (mặc định: người dùng của DATABASE_URL)")
        parser.add_argument("--dry-run", action="store_true", help="chỉ in các câu lệnh")

    def handle(self, *args, admin_url, owner=None, app=None, dry_run=False, **options):
        owner_user, owner_password = _user(os.environ.get("PLANFLOW_MIGRATE_DATABASE_URL", ""))
        database = connection.settings_dict  # DATABASE_URL's
        app_user, app_password = database.get("USER") or None, database.get("PASSWORD") or None
        owner, app = owner or owner_user, app or app_user
        if not owner or not app:
            raise CommandError("Cần tên hai vai trò: đặt PLANFLOW_MIGRATE_DATABASE_URL và DATABASE_URL, hoặc dùng --owner và --app.")
        if owner == app:
            raise CommandError("Vai trò sở hữu và vai trò ứng dụng phải khác nhau.")
        passwords = (owner_password if owner == owner_user else None, app_password if app == app_user else None)
        try:
            with psycopg.connect(admin_url) as admin, admin.cursor() as cursor:
                statements = grant_statements(cursor, owner, passwords[0], app, passwords[1])
                for statement in statements:
                    text = statement.as_string(admin)
                    self.stdout.write(text.replace(passwords[0] or "\0", "***").replace(passwords[1] or "\0", "***") + ";")
                    if not dry_run:
                        cursor.execute(statement)
                if dry_run:
                    admin.rollback()
                    return
                admin.commit()
                problems = role_problems(cursor, app)
        except psycopg.Error as error:
            raise CommandError(f"PostgreSQL từ chối: {error}") from error
        if problems:
            raise CommandError("Vai trò ứng dụng chưa đúng:\n  " + "\n  ".join(problems))
        self.stdout.write(f"Xong: {owner} sở hữu lược đồ và chạy migrate; {app} chỉ có SELECT/INSERT/UPDATE/DELETE và USAGE trên sequence.")
