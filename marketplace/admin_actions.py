"""Admin actions that call a service for each selected object, optionally asking for a note.

Staff review work (approve an application, verify a certificate, reject a listing) goes
through the same services as the API, so the rules and the audit trail are the same.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from marketplace.core.errors import ServiceError
from search.tasks import refresh_soon


class NoteForm(forms.Form):
    note = forms.CharField(label=gettext_lazy("Note"), widget=forms.Textarea(attrs={"rows": 4}))


def service_action(call, *, name: str, description: str, needs_note: bool = False):
    """Build an admin action running `call(obj, actor, note)` on every selected object."""

    def action(modeladmin, request, queryset):
        note = ""
        if needs_note:
            form = NoteForm(request.POST if "apply" in request.POST else None)
            if not form.is_valid():
                return TemplateResponse(
                    request,
                    "admin/action_note.html",
                    {
                        **modeladmin.admin_site.each_context(request),
                        "title": description,
                        "objects": queryset,
                        "form": form,
                        "action": name,
                        "opts": modeladmin.model._meta,
                        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                    },
                )
            note = form.cleaned_data["note"]
        done = 0
        for obj in queryset:
            try:
                call(obj, request.user, note)
                done += 1
            except ServiceError as exc:
                modeladmin.message_user(
                    request,
                    f"{obj}: " + "; ".join(error.message for error in exc.errors),
                    messages.ERROR,
                )
        if done:
            refresh_soon()
            modeladmin.message_user(
                request, _("%(action)s: %(n)s done.") % {"action": description, "n": done}
            )
        return None

    action.__name__ = name
    return admin.action(description=description)(action)


class TransitionEventInline(admin.TabularInline):
    """The read-only history of a status machine (a TransitionEvent model) under its object."""

    extra = 0
    can_delete = False
    fields = ["created_at", "from_status", "to_status", "actor", "note"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False
