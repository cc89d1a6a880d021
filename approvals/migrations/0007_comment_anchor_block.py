# A review comment may be anchored to a block of the plan's body (issue 16, "Faithful plans").

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("approvals", "0006_trust_list_and_device_signatures"),
    ]

    operations = [
        migrations.AlterField(
            model_name="historicalreviewcomment",
            name="anchor_kind",
            field=models.CharField(
                choices=[("plan", "Toàn bộ kế hoạch"), ("section", "Mục"), ("target", "Chỉ tiêu"), ("task", "Nhiệm vụ"), ("block", "Khối nội dung")],
                default="plan",
                max_length=10,
                verbose_name="gắn với",
            ),
        ),
        migrations.AlterField(
            model_name="reviewcomment",
            name="anchor_kind",
            field=models.CharField(
                choices=[("plan", "Toàn bộ kế hoạch"), ("section", "Mục"), ("target", "Chỉ tiêu"), ("task", "Nhiệm vụ"), ("block", "Khối nội dung")],
                default="plan",
                max_length=10,
                verbose_name="gắn với",
            ),
        ),
    ]
