"""The dashboard's first page: the producer's status, what waits for it, and links."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import render
from django.views.decorators.http import require_GET

from catalog.models import Product
from frontend_templates.dashboard.common import ChooseVendor, choose_vendor_page, vendor_for
from orders.earnings_selectors import vendor_balance
from orders.models import Order, VendorOrder
from vendors.models import OnboardingApplication
from vendors.selectors import vendors_of


@require_GET
@login_required
def home(request):
    try:
        vendor = vendor_for(request)
    except ChooseVendor:
        return choose_vendor_page(request)
    application = OnboardingApplication.objects.filter(applicant=request.user).first()
    several = vendors_of(request.user)[:2].count() > 1
    context = {"vendor": vendor, "application": application, "several": several}
    if vendor is not None:
        products = dict(
            Product.objects.filter(vendor=vendor)
            .values_list("status")
            .annotate(n=Count("pk"))
            .order_by()
        )
        orders = dict(
            VendorOrder.objects.filter(vendor=vendor)
            .exclude(order__status__in=[Order.Status.UNPAID, Order.Status.EXPIRED])
            .values_list("status")
            .annotate(n=Count("pk"))
            .order_by()
        )
        context.update(
            product_counts=[
                (value, label, products.get(value, 0)) for value, label in Product.Status.choices
            ],
            to_confirm=orders.get(VendorOrder.Status.UNCONFIRMED, 0),
            to_ship=orders.get(VendorOrder.Status.CONFIRMED, 0),
            shipped=orders.get(VendorOrder.Status.SHIPPED, 0),
            balance=vendor_balance(vendor),
        )
    return render(request, "dashboard/home.html", context)
