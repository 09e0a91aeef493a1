"""{% json_ld data %}: a <script type="application/ld+json"> block, escaped like json_script
(no "</script>" or "<!--" can close or comment it from inside a product's name) and carrying
the CSP nonce: Chromium does not run a data block, so the policy does not bind it, but some
auditors and older browsers report nonce-less script elements all the same."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def json_ld_text(data) -> str:
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_ESCAPES)


@register.simple_tag(takes_context=True)
def json_ld(context, data) -> str:
    request = context.get("request")
    nonce = getattr(request, "csp_nonce", "") if request is not None else ""
    return format_html(
        '<script type="application/ld+json" nonce="{}">{}</script>',
        nonce,
        mark_safe(json_ld_text(data)),
    )
