"""The internal CAs' CRLs, published where their certificates say (approvals.trust.crl_url):
GET /pki/crl/pdf.crl and /pki/crl/json.crl, DER, public like any CRL."""

from django.http import Http404, HttpResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from .keys import ca_crl
from .models import KeyPair


@require_GET
@cache_control(public=True, max_age=300)
def crl(request, purpose):
    if purpose not in KeyPair.Purpose.values:
        raise Http404
    data = ca_crl(purpose)
    if data is None:
        raise Http404
    response = HttpResponse(data, content_type="application/pkix-crl")
    response["Content-Disposition"] = f'attachment; filename="planflow-{purpose}.crl"'
    return response
