"""The register a request asks for, or the refusal: shared by the page, the API and the files."""

from django.utils.translation import gettext as _

from config.refusals import InvalidInput, NotPermitted

from .forms import RegisterChoice
from .selectors import register_organizations


def chosen_register(user, params):
    """(organization, year, form) from `params` (?organization=&year=), or raise a Refusal."""
    organizations = register_organizations(user)
    if not organizations:
        raise NotPermitted(_("Bạn không giữ sổ văn bản đi của cơ quan nào."))
    form = RegisterChoice(params, organizations)
    if not form.is_valid():
        raise InvalidInput(_("Tham số sổ văn bản đi không hợp lệ."), errors=form.errors)
    organization, year = form.choice()
    shown = RegisterChoice({"organization": organization.pk, "year": year}, organizations)  # the page shows what it lists
    return organization, year, shown
