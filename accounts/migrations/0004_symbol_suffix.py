import config.text
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_safe_text_fields"),
    ]

    operations = [
        migrations.AddField(
            model_name="organization",
            name="symbol_suffix",
            field=config.text.SafeCharField(
                blank=True,
                help_text="Phần sau tên loại trong số, ký hiệu: UBND trong 01/KH-UBND, MTTQ-BTT trong 01/KH-MTTQ-BTT. Trống: dùng ký hiệu.",
                max_length=30,
                verbose_name="ký hiệu trong số văn bản",
            ),
        ),
    ]
