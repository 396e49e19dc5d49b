"""The report to the National Panel: what it holds and its anonymisation check, writing its
narrative text, and downloading it as Word or PDF (the services are `report_text.py` and
`reporting.py`).

Thin: the review through the person's scope (404 outside it), the policy (403 with its reason),
then the service. A download the check refuses shows the report page with the fields to fix
(409 Conflict), never a file.
"""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_GET, require_http_methods

from rapidreview.access.policy import Action, can, require, reviews_visible_to
from rapidreview.audit.decorators import audit_page_view
from rapidreview.audit.models import Verb
from rapidreview.reviews.models import RapidReview
from rapidreview.reviews.services import ServiceError

from . import report_text, reporting
from .anonymise import Leak, leaks
from .forms_report import NEVER_NAMES, ReportTextForm
from .models import Decision
from .report_content import build_report


def _review(request, reference: str, action: Action) -> RapidReview:
    review = get_object_or_404(
        reviews_visible_to(request.user).select_related("incident"), reference=reference
    )
    require(request.user, action, review)
    return review


# Where each kind of field is changed: URL names tried in order (the first that exists wins),
# then the review's page.
_FIX_PAGES = {
    "challenge": ("meetings:challenge_edit", "meetings:challenges"),
    "action": ("meetings:action_edit", "meetings:actions"),
    "learning": ("meetings:learning_edit", "meetings:learning"),
    "process": ("meetings:process_edit", "meetings:processes"),
    "meeting": ("meetings:family", "meetings:meeting"),
    "decision": ("decisions:decision_edit", "decisions:decision"),
    "sign_off": ("decisions:sign_off", "decisions:decision"),
}


def fix_link(review: RapidReview, area: str) -> str:
    """The page where the field named by `area` ("challenge:<public id>") is changed."""
    kind, _, key = area.partition(":")
    reference = {"reference": review.reference}
    if kind == "report_text":
        return reverse("decisions:report_text", kwargs=reference) + f"#id_{key}"
    if kind in {"incident", "child", "family"}:
        return reverse("reviews:incident_detail", kwargs={"public_id": review.incident.public_id})
    for name in _FIX_PAGES.get(kind, ()):
        for kwargs in ({**reference, "public_id": key}, reference):
            try:
                return reverse(name, kwargs=kwargs)
            except NoReverseMatch:
                continue
    return reverse("reviews:review_detail", kwargs=reference)


def _report_page(
    request,
    review: RapidReview,
    *,
    found: list[Leak] | None = None,
    status=200,
    not_ready: str = "",
):
    report = build_report(review)
    if found is None:
        found = leaks(report, review)
    decided = Decision.objects.filter(review=review).exists()
    downloads = []
    if decided and not found:
        for fmt, kind in reporting.FORMATS.items():
            size = reporting.last_size(review, fmt)
            downloads.append(
                {
                    "url": reverse(
                        "decisions:report_download",
                        kwargs={"reference": review.reference, "fmt": fmt},
                    ),
                    "label": kind.label,
                    "size": reporting.human_size(size) if size else "",
                }
            )
    context = {
        "review": review,
        "report": report,
        "leaks": [(leak, fix_link(review, leak.area)) for leak in found],
        "decided": decided,
        "downloads": downloads,
        "not_ready": not_ready,
        "may_write": can(request.user, Action.WRITE_REPORT, review),
    }
    return render(request, "decisions/report.html", context, status=status)


@require_GET
@audit_page_view
def report_page(request, reference):
    review = _review(request, reference, Action.VIEW_REPORT)
    return _report_page(request, review)


@require_GET
def report_download(request, reference, fmt):
    if fmt not in reporting.FORMATS:
        raise Http404("The report comes as docx or pdf")
    review = _review(request, reference, Action.VIEW_REPORT)
    try:
        content = reporting.generate(review, fmt, actor=request.user, verb=Verb.REPORT_DOWNLOADED)
    except reporting.ReportRefused as refused:
        return _report_page(request, review, found=refused.leaks, status=409)
    except reporting.ReportNotReady as error:
        return _report_page(request, review, status=409, not_ready=str(error))
    response = HttpResponse(content, content_type=reporting.FORMATS[fmt].content_type)
    filename = reporting.filename_for(review, fmt)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def _names_to_use(review: RapidReview) -> list[str]:
    incident = review.incident
    return [
        *(child.pseudonym for child in incident.children.order_by("position")),
        *(member.pseudonym for member in incident.family.order_by("position")),
    ]


@require_http_methods(["GET", "POST"])
@audit_page_view
def report_text_page(request, reference):
    review = _review(request, reference, Action.WRITE_REPORT)
    stale = False
    if request.method == "POST":
        form = ReportTextForm(request.POST)
        if form.is_valid():
            try:
                report_text.report_text_save(
                    actor=request.user,
                    review=review,
                    values=form.sections(),
                    version=form.cleaned_data["version"],
                )
            except report_text.StaleReportText:
                stale = True
            except ServiceError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, "Report text saved")
                return redirect("decisions:report", reference=review.reference)
        else:
            stale = "version" in form.errors
    else:
        text = report_text.report_text_of(review)
        form = ReportTextForm(
            initial={name: getattr(text, name, "") for name in report_text.FIELDS}
        )
    context = {
        "review": review,
        "form": form,
        # A refused save carries the current version, so saving again (once warned) works.
        "version": report_text.version_of(review),
        "stale": stale,
        "names": _names_to_use(review),
        "never_names": NEVER_NAMES,
    }
    return render(request, "decisions/report_text.html", context)
