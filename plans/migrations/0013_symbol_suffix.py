import config.text
from django.db import migrations


def keep_issued_symbols(apps, schema_editor):
    """The plans issued so far keep the symbol they were issued with (the body's code then)."""
    Plan = apps.get_model("plans", "Plan")
    Organization = apps.get_model("accounts", "Organization")
    issued = Plan.objects.filter(number__isnull=False, symbol_suffix="")
    for organization in Organization.objects.filter(pk__in=issued.values("organization_id")).exclude(code=""):
        issued.filter(organization=organization).update(symbol_suffix=organization.code)


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0012_report_schedules"),
        ("accounts", "0004_symbol_suffix"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalplan",
            name="symbol_suffix",
            field=config.text.SafeCharField(blank=True, default="", max_length=30, verbose_name="ký hiệu khi ban hành"),
        ),
        migrations.AddField(
            model_name="plan",
            name="symbol_suffix",
            field=config.text.SafeCharField(blank=True, default="", max_length=30, verbose_name="ký hiệu khi ban hành"),
        ),
        migrations.RunPython(keep_issued_symbols, migrations.RunPython.noop),
    ]
