"""The "Ủy quyền ký" page (Art. 13 of Nghị định 30): a signer lists the grants of their bodies,
grants TUQ./KT. to another signer, and revokes a grant after a confirmation. The rules are
`plans.delegation`'s, the same as the API's (plans.delegation_api)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role
from accounts.roles import authority_ids_for_role
from config.refusals import InvalidInput, Refusal

from .delegation import delegations_for, grant, revoke
from .delegation_forms import GrantForm
from .models import Delegation

PAGE_SIZE = 20


def _signing_authorities(user):
    authority_ids = authority_ids_for_role(user, Role.SIGNER)
    if not authority_ids:
        raise PermissionDenied(_("Chỉ lãnh đạo (người ký) của cơ quan được giao ủy quyền ký."))
    return authority_ids


@login_required
def delegation_list(request):
    """GET: the grants and an empty form; POST: grant, then back to the list."""
    authority_ids = _signing_authorities(request.user)
    form = GrantForm(request.user, authority_ids, data=request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        organization = data.pop("organization")
        try:
            grant(request.user, organization, **data)
        except InvalidInput as refusal:
            for field, errors in (refusal.errors or {}).items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        except Refusal as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("Đã giao ủy quyền ký."))
            return redirect("plans:delegations")
    grants = delegations_for(request.user).select_related("organization", "plan")
    page = Paginator(grants, PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    rows = [(grant_, grant_.status(today), Delegation.STATUS_LABELS[grant_.status(today)]) for grant_ in page.object_list]
    status = 422 if request.method == "POST" else 200  # a form with errors
    return render(request, "plans/delegations.html", {"form": form, "page_obj": page, "rows": rows}, status=status)


@login_required
def delegation_revoke(request, pk):
    """GET: what revoking this grant means, with a confirm button; POST: revoke it. A grant of a
    body where the user does not sign is not there for them (404)."""
    delegation = get_object_or_404(delegations_for(request.user).select_related("organization", "plan"), pk=pk)
    if request.method == "POST":
        try:
            revoke(delegation, request.user)
        except Refusal as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(request, _("Đã thu hồi ủy quyền ký."))
        return redirect("plans:delegations")
    return render(request, "plans/delegation_revoke.html", {"grant": delegation})
