"""The import pages: upload a file, review what was recognized beside the source, save the draft.

Views stay thin: planimport.services reads, keeps the upload (a PendingImport, on the server) and
creates the draft; planimport.review lays out the two sides; planimport.forms checks the input.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from config.refusals import Refusal
from plans.selectors import drafting_authorities, visible_plans

from . import services
from .forms import UploadForm, review_forms
from .review import report_rows, review_rows


@login_required
def import_upload(request):
    """A drafter uploads a DOCX, a PDF or text for one of their authorities."""
    authorities = drafting_authorities(request.user)
    if not authorities:
        raise PermissionDenied(_("Chỉ chuyên viên soạn thảo được nhập kế hoạch."))
    choices = services.authorities_queryset(authorities)
    form = UploadForm(choices, request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            pending, _reading = services.start_pending(request.user, form.cleaned_data["organization"], form.cleaned_data["file"])
        except Refusal as refusal:
            form.add_error("file", refusal.message)
        else:
            return redirect("plans:import-review", pk=pending.pk)
    status = 422 if request.method == "POST" else 200  # a form with errors (what Turbo renders)
    return render(request, "planimport/upload.html", {"form": form}, status=status)


@login_required
def import_review(request, pk):
    """The source beside the recognized blocks; the drafter corrects them and saves the draft."""
    pending = services.pending_of(request.user, pk)
    if pending is None:
        raise Http404
    reading = services.read_pending(pending)
    posted = request.method == "POST"
    subject_form, blocks = review_forms(reading.recognition.plan, request.POST if posted else None)
    problem = None
    if posted and subject_form.is_valid() and blocks.is_valid():
        corrections = {"subject": subject_form.cleaned_data["subject"], "blocks": [form.correction() for form in blocks.forms]}
        try:
            plan = services.finish_pending(request.user, pending, corrections)
        except Refusal as refusal:
            problem = refusal
        else:
            messages.success(request, _("Đã tạo kế hoạch dự thảo từ văn bản “%(name)s”.") % {"name": pending.original_name})
            return redirect("plans:detail", pk=plan.pk)
    body = reading.recognition.plan.get("body") or []
    source_rows, block_rows = review_rows(reading.source, body, reading.recognition.marks or [], blocks.forms)
    context = {
        "pending": pending,
        "source": reading.source,
        "report": reading.report,
        "recognized": report_rows(reading.report),
        "reference": {key: value for key, value in (reading.recognition.source_reference or {}).items() if value},
        "subject_form": subject_form,
        "blocks": blocks,
        "source_rows": source_rows,
        "block_rows": block_rows,
        "problem": problem,
    }
    return render(request, "planimport/review.html", context, status=422 if posted else 200)


@login_required
@require_safe
def import_source(request, pk):
    """The file a plan was imported from, to whoever may see the plan; always as a download."""
    plan = get_object_or_404(visible_plans(request.user), pk=pk)
    source = services.source_of(plan)
    if source is None:
        raise Http404
    response = FileResponse(
        source.file.open("rb"), as_attachment=True, filename=source.original_name, content_type="application/octet-stream"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
