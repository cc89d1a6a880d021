"""The web UI on viewflow's frontend: one `Site` holding the application "Kế hoạch".

Every route is one of our own Django views; viewflow gives the Material shell (menu, top bar)
through `templates/planflow/base.html`, which extends "viewflow/base_page.html".
"""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from viewflow.urls import Application, Site

from approvals import views as comment_views
from audit.web import auditor_views
from audit.web.views import plan_history
from reporting import views as reporting_views
from workflow import inbox_views
from workflow.views import plan_action

from . import views


class PlansApplication(Application):
    title = _("Kế hoạch")
    icon = "description"
    app_name = "plans"
    menu_template_name = "planflow/includes/app_menu.html"

    index_path = path("", views.plan_list, name="index")
    create_path = path("new/", views.plan_create, name="create")
    detail_path = path("<int:pk>/", views.plan_detail, name="detail")
    edit_path = path("<int:pk>/edit/", views.plan_edit, name="edit")
    history_path = path("<int:pk>/history/", plan_history, name="history")
    # The auditor's pages (audit/web/auditor_views.py): as of an event, two versions, verify, the bundle.
    as_of_path = path("<int:pk>/history/as-of/", auditor_views.plan_as_of, name="as_of")
    compare_path = path("<int:pk>/history/compare/", auditor_views.plan_compare, name="compare")
    verify_path = path("<int:pk>/verify/", auditor_views.plan_verify, name="verify")
    audit_export_path = path("<int:pk>/audit-bundle.json", auditor_views.plan_audit_export, name="audit_export")
    action_path = path("<int:pk>/actions/<slug:action>/", plan_action, name="action")
    comment_add_path = path("<int:pk>/comments/", comment_views.comment_add, name="comment_add")
    comment_reply_path = path("<int:pk>/comments/<int:comment_id>/reply/", comment_views.comment_reply, name="comment_reply")
    comment_resolve_path = path("<int:pk>/comments/<int:comment_id>/resolve/", comment_views.comment_resolve, name="comment_resolve")
    # The reporting phase (reporting/views.py): slots, reports, decisions, dashboards, báo cáo tổng hợp.
    reports_path = path("<int:pk>/reports/", reporting_views.plan_reports, name="reports")
    dashboard_path = path("<int:pk>/dashboard/", reporting_views.plan_dashboard_view, name="dashboard")
    consolidated_path = path("<int:pk>/consolidated.<str:fmt>", reporting_views.consolidated_report, name="consolidated")
    slot_path = path("slots/<int:pk>/", reporting_views.slot_detail, name="slot")
    slot_report_path = path("slots/<int:pk>/report/", reporting_views.slot_report, name="slot_report")
    slot_review_path = path("slots/<int:pk>/review/<slug:decision>/", reporting_views.slot_review, name="slot_review")
    attachment_path = path("attachments/<int:pk>/", reporting_views.attachment_download, name="attachment")
    reporting_summary_path = path("reporting/", reporting_views.organization_dashboard_view, name="reporting_summary")
    # The approval desk (workflow/inbox_views.py): my tasks, my queue, what I finished.
    inbox_path = path("tasks/", inbox_views.inbox, name="inbox")
    queue_path = path("tasks/queue/", inbox_views.queue, name="queue")
    archive_path = path("tasks/done/", inbox_views.archive, name="archive")
    task_path = path("tasks/<int:task_pk>/", inbox_views.open_task, name="task")
    take_task_path = path("tasks/<int:task_pk>/take/", inbox_views.take_task, name="take_task")


class PlanflowSite(Site):
    title = "planflow"
    primary_color = "#1f4e79"
    secondary_color = "#b71c1c"
    menu_template_name = None  # one application: its own menu is enough


site = PlanflowSite(viewsets=[PlansApplication()])
