"""The site's addresses. Each app owns its urls.py; this file only includes them:

/accounts/login/, /accounts/logout/    accounts.urls
/plans/…                               the web UI: viewflow's Site with one application, "Kế hoạch"
                                       (namespace plans:), made of the pages of plans, workflow,
                                       approvals, reporting and audit (each app's `urlpatterns`)
/api/…                                 the HTTP API of docs/API.md (each app's `api_urlpatterns`),
                                       a JSON 404 for any other address under /api/
/api/schema/, /api/docs/               the OpenAPI schema and its browsable page
/pki/crl/<purpose>.crl                 the internal CAs' CRLs (approvals.pki_views), public
"""

from django.contrib import admin
from django.http import JsonResponse
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from viewflow.urls import Application, Site

from accounts import urls as accounts_urls
from approvals import urls as approvals_urls
from audit import urls as audit_urls
from documents import urls as documents_urls
from planimport import urls as planimport_urls
from plans import urls as plans_urls
from register import urls as register_urls
from reporting import urls as reporting_urls
from workflow import urls as workflow_urls

APPS = [
    accounts_urls,
    plans_urls,
    planimport_urls,
    approvals_urls,
    documents_urls,
    reporting_urls,
    register_urls,
    audit_urls,
    workflow_urls,
]


class PlansApplication(Application):
    """ "Kế hoạch": every page of the web UI, in viewflow's Material shell (templates/planflow/base.html
    extends "viewflow/base_page.html"). Every route is one of the apps' own Django views."""

    title = _("Kế hoạch")
    icon = "description"
    app_name = "plans"
    menu_template_name = "planflow/includes/app_menu.html"
    index_path = None  # plans.urls names its list "index"
    urlpatterns = [path("", include(app.urlpatterns)) for app in APPS if app is not accounts_urls]


class PlanflowSite(Site):
    title = "planflow"
    primary_color = "#1f4e79"
    secondary_color = "#b71c1c"
    menu_template_name = None  # one application: its own menu is enough


site = PlanflowSite(viewsets=[PlansApplication()])


@csrf_exempt  # a token client sends no CSRF cookie: its POST must get this 404 too, not the CSRF page
def api_not_found(request, rest=""):
    """Any other address under /api/ answers a JSON 404, like every API error."""
    return JsonResponse({"detail": "Không có địa chỉ API này.", "code": "not_found"}, status=404)


api_urlpatterns = [
    *(pattern for app in APPS for pattern in app.api_urlpatterns),
    re_path(r"^(?P<rest>.*)$", api_not_found),  # last: it answers every other address
]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/", include(api_urlpatterns)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("pki/", include(approvals_urls.pki_urlpatterns)),
    *accounts_urls.urlpatterns,
    path("", site.urls),
]

# A failure outside a view: 503 when the database is unreachable, JSON under /api/ (config/middleware.py).
handler500 = "config.middleware.server_error"
# Django's own refusal of a request body (too many fields, too large): JSON under /api/ (config/request_limits.py).
handler400 = "config.request_limits.bad_request"
