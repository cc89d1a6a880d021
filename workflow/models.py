"""The approval process of a plan, as viewflow stores it.

`PlanApproval` is a proxy of viewflow's own Process table (no new table, no extra join). Its
`artifact` generic reference points at the plan; the plan's state stays in `Plan.state` and is
never copied here (DESIGN.md: viewflow decides only who acts next).
"""

from django.contrib.contenttypes.models import ContentType
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
