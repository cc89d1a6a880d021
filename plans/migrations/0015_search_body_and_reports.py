"""Search the body and the reports too (plans.search): PlanSearch gets `report_text`, and `text` is
folded again for every plan with its blocks and task parties, in batches (PlanSearch is a derived
table, not history-tracked: bulk_update is fine). reporting 0007 fills `report_text`."""

import unicodedata

from django.db import migrations, models

BATCH = 500


def _folded(text):
    """plans.search.folded as of this migration (a migration keeps its own copy)."""
    decomposed = unicodedata.normalize("NFD", text or "")
    bare = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return " ".join(bare.replace("đ", "d").replace("Đ", "D").lower().split())


def _cells(rows):
    for row in rows if isinstance(rows, list) else []:
        for cell in row if isinstance(row, list) else []:
            text = cell.get("text") if isinstance(cell, dict) else cell
            if isinstance(text, str):
                yield text


def fill(apps, schema_editor):
    Plan, PlanSearch = apps.get_model("plans", "Plan"), apps.get_model("plans", "PlanSearch")
    Block, TaskParty = apps.get_model("plans", "Block"), apps.get_model("plans", "TaskParty")
    ids = list(Plan.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        words = {pk: [] for pk in batch}
        for plan_id, *parts in Plan.objects.filter(pk__in=batch).values_list("pk", "subject", "preamble", "closing_summary"):
            words[plan_id] += parts
        for plan_id, label, text, rows in Block.objects.filter(plan_id__in=batch).order_by("position", "id").values_list(
            "plan_id", "label", "text", "rows"
        ):
            words[plan_id] += [label, text, *_cells(rows)]
        for plan_id, name, org_name in TaskParty.objects.filter(block__plan_id__in=batch).values_list(
            "block__plan_id", "name", "organization__name"
        ):
            words[plan_id] += [name, org_name]
        texts = {pk: _folded(" ".join(w for w in parts if w)) for pk, parts in words.items()}
        existing = PlanSearch.objects.in_bulk(batch)
        for pk, row in existing.items():
            row.text = texts[pk]
        PlanSearch.objects.bulk_update(existing.values(), ["text"], batch_size=BATCH)
        PlanSearch.objects.bulk_create([PlanSearch(plan_id=pk, text=texts[pk]) for pk in batch if pk not in existing])


def trigram_index(apps, schema_editor):
    """PostgreSQL: a GIN trigram index on report_text, when pg_trgm is there (migration 0004)."""
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        if cursor.fetchone() is None:
            print("\n  pg_trgm is not installed: search on report_text scans (no trigram index).")
            return
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS plans_plansearch_report_text_trgm ON plans_plansearch USING gin (report_text gin_trgm_ops)"
    )


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS plans_plansearch_report_text_trgm")


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0014_block_measure_text_rule"),
    ]

    operations = [
        migrations.AddField(
            model_name="plansearch",
            name="report_text",
            field=models.TextField(blank=True, default=""),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.RunPython(trigram_index, drop_trigram_index),
    ]
