"""Admin building blocks: actions that call a service for each selected object, optionally
asking for a note, and a read-only admin for records nobody edits by hand.

Staff review work (approve an application, verify a certificate, reject a listing) goes
through the same services as the API, so the rules and the audit trail are the same.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from marketplace.core.errors import ServiceError


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
            modeladmin.message_user(
                request, _("%(action)s: %(n)s done.") % {"action": description, "n": done}
            )
        return None

    action.__name__ = name
    return admin.action(description=description)(action)


def review_action(service, subject: str, *, note_as: str = "note", **options):
    """A service_action for a review service called as `service(<subject>=obj, actor=...,
    <note_as>=note)`: approve, reject, verify, revoke..."""

    def call(obj, actor, note):
        return service(**{subject: obj}, actor=actor, **{note_as: note})

    return service_action(call, **options)


class TransitionEventInline(admin.TabularInline):
    """The read-only history of a status machine (a TransitionEvent model) under its object."""

    extra = 0
    can_delete = False
    fields = ["created_at", "from_status", "to_status", "actor", "note"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class ReviewQueueFilter(admin.SimpleListFilter):
    """ "Waiting for review" or everything. Opening the list shows the queue: staff come here to
    decide, and the decided rows would bury the pending ones."""

    title = gettext_lazy("review queue")
    parameter_name = "queue"
    PENDING, ALL = "pending", "all"

    def __init__(self, request, params, model, model_admin):
        # Only a plain GET of the list defaults to the queue: an action's POST acts on the rows
        # that were selected, and a search or another filter is the person's own choice.
        self.default_to_queue = request.method == "GET" and not (set(request.GET) - {"o", "p"})
        super().__init__(request, params, model, model_admin)

    def lookups(self, request, model_admin):
        return [(self.PENDING, _("Waiting for review")), (self.ALL, _("All"))]

    def value(self):
        value = super().value()
        if value is None and self.default_to_queue:
            return self.PENDING
        return value

    def queryset(self, request, queryset):
        if self.value() == self.PENDING:
            return queryset.filter(**self.model_admin_pending)
        return queryset

    def choices(self, changelist):
        # No separate "All" entry from Django: ours is explicit, so that it can be chosen.
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }


class ReviewQueueAdmin(admin.ModelAdmin):
    """A model admin whose list opens on the pending rows, each with one-click decisions.

    `pending` is the lookup of the rows waiting for a decision; `quick_actions` the names of the
    admin actions offered as buttons on each pending row. A button posts the changelist form
    (with its CSRF token) to `<pk>/decide/<action>/`, which runs that same action on that one
    row: an action asking for a note shows its note form first."""

    pending: dict = {}
    quick_actions: tuple[str, ...] = ()

    def get_list_filter(self, request):
        pending = self.pending
        queue = type("Queue", (ReviewQueueFilter,), {"model_admin_pending": pending})
        return [queue, *super().get_list_filter(request)]

    def get_list_display(self, request):
        # Right after the name: at the end of a wide table it would sit off screen.
        first, *rest = super().get_list_display(request)
        return [first, "decision", *rest]

    def is_pending(self, obj) -> bool:
        return all(getattr(obj, field) == value for field, value in self.pending.items())

    @admin.display(description=gettext_lazy("decision"))
    def decision(self, obj):
        if not self.is_pending(obj):
            return "-"
        name = f"admin:{self.opts.app_label}_{self.opts.model_name}_decide"
        return format_html_join(
            " ",
            '<button type="submit" class="button" formmethod="post" formaction="{}">{}</button>',
            ((reverse(name, args=[obj.pk, action]), label) for action, label in self.quick()),
        )

    def quick(self):
        """(name, label) of the quick decisions, labelled as the actions are."""
        by_name = {getattr(action, "__name__", ""): action for action in self.actions or []}
        return [(name, by_name[name].short_description) for name in self.quick_actions]

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/decide/<str:action>/",
                self.admin_site.admin_view(self.decide_view),
                name="{}_{}_decide".format(*info),
            ),
            *super().get_urls(),
        ]

    def decide_view(self, request, object_id, action):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        actions = self.get_actions(request)
        if action not in self.quick_actions or action not in actions:
            raise Http404
        queryset = self.get_queryset(request).filter(pk=object_id)
        if not queryset.exists():
            raise Http404
        response = actions[action][0](self, request, queryset)
        if response is not None:  # the note form: it posts back here with the note
            return response
        info = self.opts.app_label, self.opts.model_name
        return HttpResponseRedirect(reverse("admin:{}_{}_changelist".format(*info)))


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records written only by services or loaded from official data (movements, earnings
    entries, provinces): staff look, nobody adds, changes or deletes them here, so the sums of
    movements keep matching the stock and the earnings what was paid."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
