"""The approval process of a plan, as viewflow stores it.

`PlanApproval` is a proxy of viewflow's own Process table (no new table, no extra join). Its
`artifact` generic reference points at the plan; the plan's state stays in `Plan.state` and is
never copied here (docs/DESIGN.md: viewflow decides only who acts next).
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _
from viewflow.workflow.models import Process


class PlanApproval(Process):
    class Meta:
        proxy = True
        verbose_name = _("quy trình trình duyệt kế hoạch")
        verbose_name_plural = _("quy trình trình duyệt kế hoạch")

    @property
    def plan(self):
        """The plan this process moves (flow_sync puts the locked plan here; else one query)."""
        cached = getattr(self, "_plan", None)
        if cached is None or cached.pk != self.artifact_object_id:
            from plans.models import Plan

            cached = Plan.objects.select_related("organization").get(pk=self.artifact_object_id)
            self._plan = cached
        return cached

    @plan.setter
    def plan(self, plan):
        self.artifact_content_type = ContentType.objects.get_for_model(type(plan))
        self.artifact_object_id = plan.pk
        self._plan = plan

    @classmethod
    def for_plan(cls, plan):
        """Processes of `plan`, newest first."""
        from plans.models import Plan

        return cls.objects.filter(artifact_content_type=ContentType.objects.get_for_model(Plan), artifact_object_id=plan.pk).order_by(
            "-created", "-id"
        )


class TaskDigestLog(models.Model):
    """One row per person and day a task digest was sent, so a second run the same day (a beat
    retry, two schedulers, an operator running the command by hand) sends nothing twice."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("thư tổng hợp việc chờ đã gửi")
        verbose_name_plural = _("thư tổng hợp việc chờ đã gửi")
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="task_digest_once_a_day")]

    def __str__(self):
        return f"{self.user_id}:{self.day.isoformat()}"
