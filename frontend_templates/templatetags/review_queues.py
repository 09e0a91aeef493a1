"""The staff's review queues with their sizes, for the admin's home page."""

from django import template
from django.db.models import Count, Min
from django.urls import reverse
from django.utils.translation import gettext as _

from catalog.models import Product
from reviews.models import ProductReview
from reviews.moderation_selectors import newly_reported
from vendors.models import NationalCheckFinding, OcopCertificate, OnboardingApplication

register = template.Library()


def _queues():
    return [
        (
            _("Producer applications to decide"),
            OnboardingApplication,
            {"status": OnboardingApplication.Status.SUBMITTED},
            "submitted_at",
        ),
        (
            _("OCOP certificates to verify"),
            OcopCertificate,
            {"verification_status": OcopCertificate.Verification.PENDING, "revoked": False},
            "created_at",
        ),
        (
            _("Differences from the national OCOP portal"),
            NationalCheckFinding,
            {"status": NationalCheckFinding.Status.OPEN},
            "checked_at",
        ),
        (
            _("Listings to review"),
            Product,
            {"status": Product.Status.PENDING_REVIEW},
            "updated_at",
        ),
        (
            _("Product reviews to moderate"),
            ProductReview,
            {"status": ProductReview.Status.PENDING},
            "created_at",
        ),
        (
            _("Reported product reviews"),
            ProductReview,
            newly_reported,  # a queryset of its own, opened with the list's "reported" filter
            "updated_at",
            "reported=new&queue=all",
        ),
    ]


@register.simple_tag(takes_context=True)
def review_queues(context):
    """[{label, count, oldest, url}] of the queues the person may see."""
    user = context["request"].user
    queues = []
    for label, model, pending, since, *query in _queues():
        opts = model._meta
        if not user.has_perm(f"{opts.app_label}.view_{opts.model_name}"):
            continue
        rows = pending() if callable(pending) else model.objects.filter(**pending)
        totals = rows.aggregate(count=Count("pk"), oldest=Min(since))
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        url += "?" + (query[0] if query else "queue=pending")
        queues.append({"label": label, "url": url, **totals})
    return queues
