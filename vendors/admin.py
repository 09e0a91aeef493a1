import json

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from marketplace.admin_actions import (
    ReviewQueueAdmin,
    TransitionEventInline,
    review_action,
    service_action,
)
from marketplace.core.html import sanitize_html
from marketplace.core.statistics_cache import statistics_changed
from marketplace.core.validators import normalize_vn_phone
from vendors.models import (
    ApplicationDocument,
    ApplicationEvent,
    NationalCheckFinding,
    OcopCertificate,
    OnboardingApplication,
    Vendor,
    VendorMember,
)
from vendors.services import certificates, national_check, onboarding
from vendors.validators import normalize_tax_code


class VendorAdminForm(forms.ModelForm):
    """Staff edit legal details here; the same normalising as the services applies."""

    class Meta:
        model = Vendor
        fields = [
            "legal_name", "name", "slug", "kind", "tax_code", "commune", "street_address",
            "phone", "email", "story", "logo", "status", "commission_rate",
        ]  # fmt: skip

    def clean_tax_code(self):
        return normalize_tax_code(self.cleaned_data["tax_code"])

    def clean_phone(self):
        return normalize_vn_phone(self.cleaned_data["phone"])

    def clean_story(self):
        return sanitize_html(self.cleaned_data["story"])


class MembersFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        owners = [
            form
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("role") == VendorMember.Role.OWNER
        ]
        if not owners:
            raise ValidationError(
                _("A producer keeps at least one owner; add another owner first.")
            )


class VendorMemberInline(admin.TabularInline):
    model = VendorMember
    formset = MembersFormSet
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Vendor)
class VendorAdmin(admin.ModelAdmin):
    form = VendorAdminForm

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        Vendor.mark_for_reindex([obj])  # name, place or status show in its products' documents
        statistics_changed()  # its status or kind may have changed

    list_display = ["name", "kind", "tax_code", "province", "status", "commission_rate"]
    list_filter = ["status", "kind", "commune__province"]
    search_fields = ["name", "legal_name", "tax_code", "slug"]
    autocomplete_fields = ["commune"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [VendorMemberInline]
    list_select_related = ["commune__province"]

    @admin.display(description=_("province"), ordering="commune__province")
    def province(self, obj):
        return obj.commune.province


class ApplicationDocumentInline(admin.TabularInline):
    model = ApplicationDocument
    extra = 0
    can_delete = False
    fields = ["kind", "link", "content_type", "size", "uploaded_at"]
    readonly_fields = fields

    @admin.display(description=_("file"))
    def link(self, obj):
        url = reverse("vendors:application-document", args=[obj.pk])
        return format_html('<a href="{}" target="_blank">{}</a>', url, obj.original_name)

    def has_add_permission(self, request, obj=None):
        return False


class ApplicationEventInline(TransitionEventInline):
    model = ApplicationEvent


@admin.register(OnboardingApplication)
class OnboardingApplicationAdmin(ReviewQueueAdmin):
    pending = {"status": OnboardingApplication.Status.SUBMITTED}
    quick_actions = ("approve", "request_changes", "reject")
    list_display = ["__str__", "kind", "tax_code", "status", "applicant", "submitted_at"]
    list_filter = ["status", "kind"]
    search_fields = ["legal_name", "display_name", "tax_code", "applicant__email"]
    readonly_fields = [
        field.name for field in OnboardingApplication._meta.fields if field.name != "id"
    ]
    inlines = [ApplicationDocumentInline, ApplicationEventInline]
    actions = [
        review_action(
            onboarding.application_approve,
            "application",
            name="approve",
            description=_("Approve: create the producer"),
        ),
        review_action(
            onboarding.application_request_changes,
            "application",
            name="request_changes",
            description=_("Request changes"),
            needs_note=True,
        ),
        review_action(
            onboarding.application_reject,
            "application",
            name="reject",
            description=_("Reject"),
            needs_note=True,
        ),
    ]

    def has_add_permission(self, request):
        return False  # applications come from applicants


@admin.register(OcopCertificate)
class OcopCertificateAdmin(ReviewQueueAdmin):
    pending = {"verification_status": OcopCertificate.Verification.PENDING, "revoked": False}
    quick_actions = ("verify", "reject")
    list_display = [
        "product_name",
        "vendor",
        "stars",
        "score",
        "level",
        "decision_number",
        "valid_until",
        "verification_status",
        "revoked",
    ]
    list_filter = ["verification_status", "revoked", "stars", "level"]
    search_fields = ["product_name", "decision_number", "vendor__name"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change:  # its stars or decision date may have changed; a new one is still pending
            statistics_changed()

    autocomplete_fields = ["vendor"]
    list_select_related = ["vendor"]
    readonly_fields = [
        "scan",
        "valid_until",
        "verification_status",
        "reviewed_by",
        "reviewed_at",
        "review_note",
        "revoked",
        "revoked_at",
        "revoked_reason",
        "revoked_by",
        "created_by",
        "created_at",
    ]
    actions = [
        review_action(
            certificates.certificate_verify,
            "certificate",
            name="verify",
            description=_("Verify"),
        ),
        review_action(
            certificates.certificate_reject,
            "certificate",
            name="reject",
            description=_("Reject"),
            needs_note=True,
        ),
        review_action(
            certificates.certificate_revoke,
            "certificate",
            note_as="reason",
            name="revoke",
            description=_("Revoke"),
            needs_note=True,
        ),
        "cross_check_national",
    ]

    @admin.action(description=_("Compare with the national OCOP portal"))
    def cross_check_national(self, request, queryset):
        """Flags what differs in the findings queue; never changes the certificates."""
        report = national_check.national_cross_check(
            actor=request.user,
            certificates=queryset.filter(pk__in=national_check.certificates_to_check()),
        )
        self.message_user(
            request,
            gettext(
                "National cross-check: %(checked)s checked, %(matched)s match, %(flagged)s "
                "flagged for review, %(missing)s not on the portal."
            )
            % {
                "checked": report.checked,
                "matched": report.matched,
                "flagged": len(report.flagged),
                "missing": report.not_found,
            },
            messages.WARNING if report.flagged else messages.SUCCESS,
        )
        for problem in [*report.failed, *([report.aborted] if report.aborted else [])]:
            self.message_user(request, problem, messages.ERROR)

    @admin.display(description=_("scanned decision"))
    def scan(self, obj):
        if not obj.pk or not obj.document:
            return "-"
        url = reverse("vendors:certificate-document", args=[obj.pk])
        return format_html('<a href="{}" target="_blank">{}</a>', url, _("Open"))

    def has_add_permission(self, request):
        return False  # producers record certificates with their scans; staff review them

    def has_change_permission(self, request, obj=None):
        return False


def _resolve(status):
    return lambda obj, actor, note: national_check.finding_resolve(
        finding=obj, actor=actor, status=status, note=note
    )


@admin.register(NationalCheckFinding)
class NationalCheckFindingAdmin(ReviewQueueAdmin):
    """What the cross-check with the national OCOP portal found different, with the portal's
    record as evidence. Closing a finding changes no certificate: revoke one from its page."""

    pending = {"status": NationalCheckFinding.Status.OPEN}
    quick_actions = ("confirm", "dismiss")
    list_display = ["certificate", "what_differs", "national_id", "checked_at", "status"]
    list_filter = ["status"]
    search_fields = ["certificate__product_name", "certificate__decision_number"]
    list_select_related = ["certificate__vendor"]
    fields = [
        "certificate_link", "evidence", "national_id", "record", "checked_at", "status",
        "reviewed_by", "reviewed_at", "review_note",
    ]  # fmt: skip
    readonly_fields = fields
    actions = [
        service_action(
            _resolve(NationalCheckFinding.Status.CONFIRMED),
            name="confirm",
            description=_("Confirm: I have acted on it"),
            needs_note=True,
        ),
        service_action(
            _resolve(NationalCheckFinding.Status.DISMISSED),
            name="dismiss",
            description=_("Dismiss: no problem"),
            needs_note=True,
        ),
    ]

    @admin.display(description=_("what differs"))
    def what_differs(self, obj):
        return ", ".join(str(FIELD_LABELS.get(d["field"], d["field"])) for d in obj.differences)

    @admin.display(description=_("certificate"))
    def certificate_link(self, obj):
        url = reverse("admin:vendors_ocopcertificate_change", args=[obj.certificate_id])
        return format_html('<a href="{}">{}</a>', url, obj.certificate)

    @admin.display(description=_("evidence"))
    def evidence(self, obj):
        rows = format_html_join(
            "",
            "<tr><th>{}</th><td>{}</td><td>{}</td></tr>",
            (
                (FIELD_LABELS.get(d["field"], d["field"]), d["ours"], d["national"])
                for d in obj.differences
            ),
        )
        return format_html(
            "<table><thead><tr><th></th><th>{}</th><th>{}</th></tr></thead>"
            "<tbody>{}</tbody></table>",
            gettext("Our certificate"),
            gettext("National portal"),
            rows,
        )

    @admin.display(description=_("national record as received"))
    def record(self, obj):
        return format_html(
            "<pre>{}</pre>", json.dumps(obj.national_record, ensure_ascii=False, indent=2)
        )

    def has_add_permission(self, request):
        return False  # findings come from the cross-check

    def has_change_permission(self, request, obj=None):
        return False


FIELD_LABELS = {
    "product_name": _("recognised product"),
    "producer": _("producer"),
    "stars": _("stars"),
    "decision_number": _("decision number"),
}
