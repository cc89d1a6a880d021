"""The outgoing register's page (sổ đăng ký văn bản đi) and its files, in the web UI."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from config.refusals import InvalidInput, NotPermitted, Refusal
from plans.selectors import visible_plans

from .choice import chosen_register
from .exports import file_name, register_pdf, register_xlsx
from .forms import RegisterChoice
from .selectors import COLUMNS, received_deliveries, register_organizations, register_rows, registered_plans
from .services import acknowledge, next_step

PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _chosen(request):
    """The register asked for; a bad value is shown with the default register (the first body, this year)."""
    try:
        return chosen_register(request.user, request.GET)
    except NotPermitted as refusal:
        raise PermissionDenied(refusal.message) from refusal
    except InvalidInput as refusal:
        messages.error(request, refusal.message)
        organization, year, _form = chosen_register(request.user, {})
        return organization, year, RegisterChoice(request.GET, register_organizations(request.user))


@login_required
@require_safe
def register_page(request):
    organization, year, form = _chosen(request)
    page = Paginator(registered_plans(organization, year), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "organization": organization,
        "year": year,
        "columns": COLUMNS,
        "page_obj": page,
        "rows": register_rows(page.object_list),
        "query": f"organization={organization.pk}&year={year}",
    }
    return render(request, "register/register.html", context)


@login_required
@require_safe
def register_file(request, fmt):
    organization, year, _form = _chosen(request)
    rows = register_rows(registered_plans(organization, year))
    if fmt == "xlsx":
        data, content_type = register_xlsx(organization, year, rows), XLSX
    else:
        data, content_type = register_pdf(organization, year, rows), "application/pdf"
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{file_name(organization, year, fmt)}"'
    return response


@login_required
@require_safe
def received_page(request):
    """ "Văn bản đến": what the user's organizations received, with "Vào sổ" / "Đã xem" for those who record it."""
    page = Paginator(received_deliveries(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(delivery, next_step(delivery, request.user)) for delivery in page.object_list]
    return render(request, "register/received.html", {"page_obj": page, "rows": rows})


@login_required
@require_POST
def acknowledge_plan(request, pk):
    plan = get_object_or_404(visible_plans(request.user), pk=pk)
    try:
        delivery = acknowledge(plan, request.user)
    except Refusal as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Đã ghi nhận: %(status)s.") % {"status": delivery.status_label})
    if request.POST.get("next") == "received":
        return redirect("plans:received")
    return redirect("plans:detail", pk=plan.pk)
