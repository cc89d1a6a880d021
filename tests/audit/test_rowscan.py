"""audit.verify.rowscan hashes raw rows exactly as audit.record.rows + audit.record.canonical hash rows read by the ORM.

Verify relies on this: a row whose fast digest matched its event's claim is never read again.
Every table a plan's trail covers is checked, with the rows a full life cycle writes and with
values chosen to be awkward (quotes, control characters, non-ASCII text, decimals with trailing
zeros, empty and missing values)."""

from decimal import Decimal

import pytest

from audit.record.canonical import row_digest
from audit.record.rows import attnames, fields_of_values
from audit.record.tracked import HISTORY
from audit.verify.rowscan import plan_condition, row_format, scan, utc_iso
from plans.models import Target


def _exact_digests(model, pks):
    pk_name = model._meta.pk.attname
    rows = model._default_manager.filter(**{f"{pk_name}__in": pks}).values_list(*attnames(model))
    index = attnames(model).index(pk_name)
    return {values[index]: row_digest(fields_of_values(model, values)) for values in rows}


def _fast_digests(model, entry, plan_ids):
    fmt = row_format(model)
    condition, params = plan_condition(entry, plan_ids)
    index = fmt.index(model._meta.pk.attname)
    return {values[index]: fmt.digest(values) for values in scan(fmt, condition, params)}


@pytest.mark.django_db
def test_fast_digest_equals_the_exact_one_for_every_tracked_table(full_plan):
    target = Target.objects.filter(plan=full_plan).first() or Target(plan=full_plan, position=9)
    target.text = 'Chỉ tiêu "khó" \\ có ký tự điều khiển \t\n\x01 và 🙂'
    target.target_value = Decimal("50000000.00")
    target.baseline = None
    target.save()
    checked = 0
    for entry in HISTORY:
        for model in (entry.model, entry.history_model):
            fast = _fast_digests(model, entry, [full_plan.pk])
            exact = _exact_digests(model, list(fast))
            assert fast == exact, model._meta.label
            checked += len(fast)
    assert checked > 50  # the full life cycle wrote rows in most tables


@pytest.mark.django_db
def test_a_changed_value_changes_the_fast_digest(full_plan):
    entry = HISTORY[0]
    fmt = row_format(entry.history_model)
    condition, params = plan_condition(entry, [full_plan.pk])
    values = next(scan(fmt, condition, params))
    subject = fmt.index("subject")
    changed = values[:subject] + (values[subject] + " ",) + values[subject + 1 :]
    assert fmt.digest(changed) != fmt.digest(values)


def test_utc_iso_reads_both_databases_text():
    assert utc_iso("2025-03-05 07:08:09") == "2025-03-05T07:08:09+00:00"
    assert utc_iso("2025-03-05 07:08:09.000001") == "2025-03-05T07:08:09.000001+00:00"
    assert utc_iso("2025-03-05T07:08:09.000000") == "2025-03-05T07:08:09+00:00"
