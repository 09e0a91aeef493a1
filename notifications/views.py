"""The page behind an e-mail's "Tắt thông báo cho đơn này" link: it asks before muting (a
link scanner's GET changes nothing), and switches the order's notices off or back on."""

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from marketplace.core.errors import ServiceError
from notifications.models import OrderNotificationSetting
from notifications.services import order_for_token, order_notifications_set

ONE_CLICK = "One-Click"


# No CSRF token: mail clients send RFC 8058's one-click POST ("List-Unsubscribe=One-Click")
# without cookies or a form of ours, and the signed token in the address is the only
# authority the endpoint accepts (no session is read), so a forged cross-site POST can do
# nothing its sender could not do with the link alone.
@csrf_exempt
@never_cache  # it shows one order's state, reached by a private link
@require_http_methods(["GET", "POST"])
def order_notifications(request, token):
    try:
        order = order_for_token(token=token)
    except ServiceError:
        raise Http404(_("This link is not valid.")) from None
    if request.method == "POST":
        one_click = request.POST.get("List-Unsubscribe") == ONE_CLICK
        muted = one_click or request.POST.get("action") != "unmute"
        order_notifications_set(token=token, muted=muted)
        if one_click:
            return HttpResponse(
                _("Notifications for this order are off."), content_type="text/plain; charset=utf-8"
            )
        return redirect("notifications:order", token=token)
    setting = OrderNotificationSetting.objects.filter(order=order).first()
    context = {"order": order, "muted": bool(setting and setting.muted), "token": token}
    return render(request, "notifications/order_notifications.html", context)
