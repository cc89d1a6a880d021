"""Deploy checks (`manage.py check --deploy`) of the audit trail's trust (issue 13).

- planflow.W010: on PostgreSQL, the application connects as the owner of tables (or a superuser):
  it could then drop the append-only triggers, TRUNCATE, or `SET session_replication_role`. Run
  `manage.py database_roles` and connect as the application role (audit.roles).
- planflow.W011: PLANFLOW_AUDIT_PUBLIC_KEY is not set (or is not a 32-byte hex key): verification
  then trusts the database's own key and reports nothing as anchored (audit.record.anchors).
"""

import re

from django.conf import settings
from django.core.checks import Warning
from django.db import DatabaseError, connection

from audit.roles import owned_tables

KEY = re.compile(r"[0-9a-fA-F]{64}")


def database_roles_check(app_configs=None, **kwargs):
    if connection.vendor != "postgresql":
        return []
    try:
        with connection.cursor() as cursor:
            user, superuser, owned = owned_tables(cursor)
    except DatabaseError:
        return []  # no database to ask: the connection problem shows elsewhere
    if not superuser and not owned:
        return []
    what = "là superuser" if superuser else f"sở hữu (hoặc thuộc vai trò sở hữu) {owned} bảng"
    return [
        Warning(
            f"Ứng dụng kết nối PostgreSQL bằng vai trò {user}, {what}: vai trò đó xóa được trigger chỉ-ghi-thêm, "
            "TRUNCATE được bảng và tắt được trigger (session_replication_role).",
            hint="Chạy `manage.py database_roles --admin-url …` rồi đặt DATABASE_URL là vai trò ứng dụng và "
            "PLANFLOW_MIGRATE_DATABASE_URL là vai trò sở hữu (README, Production).",
            id="planflow.W010",
        )
    ]


def audit_public_key_check(app_configs=None, **kwargs):
    if KEY.fullmatch((settings.PLANFLOW_AUDIT_PUBLIC_KEY or "").strip()):
        return []
    return [
        Warning(
            "PLANFLOW_AUDIT_PUBLIC_KEY chưa được đặt (hoặc không phải khóa 32 byte dạng hex): việc kiểm tra nhật ký tin "
            "khóa trong cơ sở dữ liệu và không gì được neo — ai sửa được cơ sở dữ liệu thì viết lại được lịch sử.",
            hint="Chạy `manage.py audit_trust` và đặt khóa nó in ra vào PLANFLOW_AUDIT_PUBLIC_KEY.",
            id="planflow.W011",
        )
    ]
