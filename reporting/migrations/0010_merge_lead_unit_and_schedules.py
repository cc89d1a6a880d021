"""Joins two migrations made side by side: the slots' lead unit (the inbox) and slots per schedule."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0009_slot_lead_unit_for_the_inbox"),
        ("reporting", "0009_slots_per_schedule"),
    ]

    operations = []
