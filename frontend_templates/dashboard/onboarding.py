"""The application wizard: 1. details, 2. documents, 3. submit; then its status and the staff's
notes. The onboarding service checks everything (applicant only, editable states, file types
and sizes judged by the bytes)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from frontend_templates.dashboard.common import (
    commune_picker,
    denied_as_403,
    field_errors,
    shown_errors,
    wants_communes,
)
from marketplace.core.errors import ServiceError
from vendors.details import DETAIL_FIELDS
from vendors.models import ApplicationDocument, OnboardingApplication, VendorKind
from vendors.services import onboarding

STEPS = ("details", "documents", "submit")


def _current(user):
    """The person's latest application (there is usually one)."""
    return (
        OnboardingApplication.objects.filter(applicant=user)
        .select_related("commune__province", "vendor")
        .first()
    )


def _context(application, step, **extra):
    values = {f: getattr(application, f, "") or "" for f in DETAIL_FIELDS} if application else {}
    if application is not None and application.commune_id:
        values["commune"] = application.commune_id
    context = {
        "application": application,
        "step": step,
        "steps": STEPS,
        "values": values,
        "errors": {},
        "kinds": VendorKind.choices,
        "document_kinds": ApplicationDocument.Kind.choices,
    }
    if application is not None:
        context["documents"] = list(application.documents.all())
        labels = dict(OnboardingApplication.Status.choices)
        context["events"] = [
            (event, labels.get(event.to_status, event.to_status))
            for event in application.events.order_by("created_at", "pk")
        ]
        # The reviewers' latest word, shown by the status when they asked for changes or said no.
        notes = [event.note for event, _label in context["events"] if event.note]
        context["staff_note"] = notes[-1] if notes else ""
    context.update(extra)
    return context


@require_http_methods(["GET", "POST"])
@login_required
def apply(request):
    """Step 1 (details) on POST; otherwise the step asked for, or the status page."""
    application = _current(request.user)
    step = request.GET.get("step") or request.POST.get("step") or ""
    if application is not None and not application.is_editable:
        step = ""  # submitted or decided: only its status is shown
    elif step not in STEPS:
        step = "details"
    if request.method == "POST":
        values = {f: request.POST.get(f, "") for f in DETAIL_FIELDS}
        if wants_communes(request):
            context = _context(application, "details", values=values)
            context["picker"] = commune_picker(request, values["commune"])
            return render(request, "dashboard/apply.html", context)
        try:
            with denied_as_403():
                if application is None:
                    application = onboarding.application_create(applicant=request.user, **values)
                else:
                    onboarding.application_update(
                        application=application, actor=request.user, **values
                    )
        except ServiceError as error:
            context = _context(application, "details", values=values)
            context["errors"] = shown_errors(field_errors(error), DETAIL_FIELDS)
            context["picker"] = commune_picker(request, values["commune"])
            return render(request, "dashboard/apply.html", context, status=400)
        return redirect(_step_url("documents"))
    context = _context(application, step)
    context["picker"] = commune_picker(request, context["values"].get("commune"))
    return render(request, "dashboard/apply.html", context)


@require_POST
@login_required
def apply_document(request):
    application = _current(request.user)
    if application is None:
        return redirect("dashboard:apply")
    upload = request.FILES.get("file")
    kind = request.POST.get("kind", "")
    try:
        with denied_as_403():
            onboarding.application_document_upload(
                application=application, actor=request.user, kind=kind, file=upload
            )
    except ServiceError as error:
        errors = shown_errors(field_errors(error), ("kind", "file"))
        context = _context(application, "documents", errors=errors, kind=kind)
        return render(request, "dashboard/apply.html", context, status=400)
    return redirect(_step_url("documents"))


@require_POST
@login_required
def apply_submit(request):
    application = _current(request.user)
    if application is None:
        return redirect("dashboard:apply")
    try:
        with denied_as_403():
            onboarding.application_submit(
                application=application, actor=request.user, note=request.POST.get("note", "")
            )
    except ServiceError as error:
        # The submit step has no fields: name the field each message is about.
        messages = [
            f"{_label(item.field)}: {item.message}" if item.field in DETAIL_FIELDS else item.message
            for item in error.errors
        ]
        context = _context(application, "submit", errors={"general": messages})
        return render(request, "dashboard/apply.html", context, status=400)
    return redirect("dashboard:apply")


def _step_url(step: str) -> str:
    return f"{reverse('dashboard:apply')}?step={step}"


def _label(field: str) -> str:
    return str(OnboardingApplication._meta.get_field(field).verbose_name).capitalize()
