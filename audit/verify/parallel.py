"""Verify batches of plans in worker processes that all read the caller's snapshot (PostgreSQL).

Verifying is CPU work in Python (hashing every event and history row), so one process uses one
core. `verify_batches` exports the caller's REPEATABLE READ snapshot (pg_export_snapshot) and
forks `workers` processes; each checks whole batches inside a transaction that imports that
snapshot (SET TRANSACTION SNAPSHOT), so every worker sees exactly the database the caller sees,
and the reports come back in batch order.

Only used when audit.verify.trail opened the snapshot itself: a snapshot does not carry the exporting
transaction's own uncommitted writes, so inside a caller's transaction (a test, a request) the
workers would not see what it wrote. A forked worker inherits the parent's database connection; it
keeps that object alive and unused (closing it would end the parent's session, which the parent
still needs) and opens a connection of its own.
"""

import multiprocessing
import re
from multiprocessing.util import Finalize

from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction

_SNAPSHOT_ID = re.compile(r"^[0-9A-F]+-[0-9A-F]+(-[0-9]+)?$")
_worker = {}


def can_run_in_parallel(workers):
    return workers > 1 and connection.vendor == "postgresql" and "fork" in multiprocessing.get_all_start_methods()


def export_snapshot():
    """The id of the current transaction's snapshot, for SET TRANSACTION SNAPSHOT."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot_id = cursor.fetchone()[0]
    if not _SNAPSHOT_ID.match(snapshot_id):
        raise RuntimeError(f"unexpected snapshot id {snapshot_id!r}")
    return snapshot_id


def verify_batches(batches, checkpoint, workers, verify_batch):
    """Yield the reports of `verify_batch(plan_ids, checkpoint)` for each batch, in order, computed
    by `workers` forked processes sharing the caller's snapshot."""
    snapshot_id = export_snapshot()
    context = multiprocessing.get_context("fork")
    pool = context.Pool(workers, initializer=_start_worker, initargs=(snapshot_id, checkpoint, verify_batch))
    try:
        for reports in pool.imap(_verify_in_worker, batches):
            yield from reports
    except BaseException:  # an error, or the caller stopped reading: stop the workers now
        pool.terminate()
        raise
    else:
        pool.close()  # the workers finish and close their connections
    finally:
        pool.join()


def _start_worker(snapshot_id, checkpoint, verify_batch):
    _worker["inherited"] = connections[DEFAULT_DB_ALIAS]  # the parent's session: kept, never used or closed here
    connections[DEFAULT_DB_ALIAS] = own = connections.create_connection(DEFAULT_DB_ALIAS)
    Finalize(own, own.close, exitpriority=10)
    _worker.update(snapshot_id=snapshot_id, checkpoint=checkpoint, verify_batch=verify_batch)


def _verify_in_worker(plan_ids):
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            cursor.execute(f"SET TRANSACTION SNAPSHOT '{_worker['snapshot_id']}'")
        return _worker["verify_batch"](plan_ids, _worker["checkpoint"])
