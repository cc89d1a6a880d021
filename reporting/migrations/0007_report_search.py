"""Fill PlanSearch.report_text (plans 0015) with the folded text of each plan's reports, in batches."""

import unicodedata

from django.db import migrations

BATCH = 500


def _folded(text):
    """plans.search.folded as of this migration (a migration keeps its own copy)."""
    decomposed = unicodedata.normalize("NFD", text or "")
    bare = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return " ".join(bare.replace("đ", "d").replace("Đ", "D").lower().split())


def fill(apps, schema_editor):
    Report, PlanSearch = apps.get_model("reporting", "Report"), apps.get_model("plans", "PlanSearch")
    plan_ids = sorted(set(Report.objects.exclude(text="").values_list("slot__plan_id", flat=True)))
    for start in range(0, len(plan_ids), BATCH):
        batch = plan_ids[start : start + BATCH]
        texts = {pk: [] for pk in batch}
        for plan_id, text in Report.objects.filter(slot__plan_id__in=batch).order_by("id").values_list("slot__plan_id", "text"):
            texts[plan_id].append(text)
        rows = PlanSearch.objects.in_bulk(batch)
        for pk, row in rows.items():
            row.report_text = _folded(" ".join(t for t in texts[pk] if t))
        PlanSearch.objects.bulk_update(rows.values(), ["report_text"], batch_size=BATCH)


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0006_period_label_safe"),
        ("plans", "0015_search_body_and_reports"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
