"""The web UI on viewflow's frontend: one `Site` holding the application "Kế hoạch".

Every route is one of our own Django views; viewflow gives the Material shell (menu, top bar)
through `templates/planflow/base.html`, which extends "viewflow/base_page.html".
"""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from viewflow.urls import Application, Site

from audit.views import plan_history
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
    action_path = path("<int:pk>/actions/<slug:action>/", plan_action, name="action")


class PlanflowSite(Site):
    title = "planflow"
    primary_color = "#1f4e79"
    secondary_color = "#b71c1c"
    menu_template_name = None  # one application: its own menu is enough


site = PlanflowSite(viewsets=[PlansApplication()])
