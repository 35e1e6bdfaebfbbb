"""Admin: members and roles, history, and the base classes every app's admin uses.

The admin is an interface like the UI and the API: it writes domain rows only
through the services, so no rule is bypassed. `ServiceAdmin` runs the service
as the last step of validating the form, so a refusal (ValidationError,
NotPermitted, Conflict) shows beside the form with what was typed, never as a
server error. History (pghistory event rows) is read-only here, as it is in
the database.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import quote
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from pghistory.admin import EventModelAdmin
from pghistory.core import event_models

from factcheck.errors import DomainError
from factcheck.models import ApiToken, User, Webhook, WebhookDelivery
from factcheck.services import api_token_revoke, member_create_or_update
from factcheck.webhooks import SUBSCRIBABLE_EVENTS, webhook_create, webhook_delete, webhook_update

# --- Shared base classes -------------------------------------------------------

# Django 6 defaults URL fields to https; say so now (and silence the warning).
URL_FIELDS_ASSUME_HTTPS = {models.URLField: {"assume_scheme": "https"}}


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows to look at: written elsewhere (the workflow, a task, a trigger), never here."""

    formfield_overrides = URL_FIELDS_ASSUME_HTTPS

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def add_refusal(form, exc: Exception) -> None:
    """Put a service's refusal on the form: field errors beside their field, the rest on top."""
    if isinstance(exc, DomainError):
        form.add_error(None, exc.message)
        return
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            if field in form.fields and field not in form.errors:
                form.add_error(field, errors)
            elif field == NON_FIELD_ERRORS:
                form.add_error(None, errors)
            else:
                form.add_error(None, [f"{field.replace('_', ' ').capitalize()}: {e}" for e in errors])
        return
    if isinstance(exc, ValidationError):
        form.add_error(None, exc.messages)
        return
    form.add_error(None, str(exc))


class _ServiceFormMixin:
    """Runs the admin's service once the form's own fields are valid."""

    service_admin = None
    service_request = None
    service_change = False
    saved_object = None

    def _post_clean(self):
        if self.service_admin.form_validates_model:
            super()._post_clean()
        # Otherwise the service validates the row itself (fields, constraints,
        # uniqueness), in the domain's words and knowing what it will change.
        if self._errors:
            return
        admin_, request = self.service_admin, self.service_request
        try:
            # A savepoint: a refused write leaves the request's transaction usable.
            with transaction.atomic():
                if self.service_change:
                    self.saved_object = admin_.service_update(request, self.instance, self)
                else:
                    self.saved_object = admin_.service_create(request, self)
        except (ValidationError, DomainError) as exc:
            add_refusal(self, exc)
        except IntegrityError as exc:
            self.add_error(None, f"The database refused this change: {exc}")


class ServiceAdmin(admin.ModelAdmin):
    """A ModelAdmin whose saves and deletes go through the app's services.

    Subclasses implement `service_create(request, form)` and
    `service_update(request, obj, form)`, each returning the saved row, and
    `service_delete(request, obj)` when deleting is allowed. Editable inlines
    would bypass the services: use read-only ones or links.
    """

    # True: let the ModelForm validate the model too (for services that do not).
    form_validates_model = False
    formfield_overrides = URL_FIELDS_ASSUME_HTTPS

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        attrs = {"service_admin": self, "service_request": request, "service_change": change}
        return type(form_class.__name__, (_ServiceFormMixin, form_class), attrs)

    def service_create(self, request, form):
        raise NotImplementedError

    def service_update(self, request, obj, form):
        raise NotImplementedError

    def service_delete(self, request, obj):
        raise NotImplementedError

    def save_form(self, request, form, change):
        return form.saved_object

    def save_model(self, request, obj, form, change):
        """Saved already: the service ran when the form was validated."""

    def save_related(self, request, form, formsets, change):
        """Nothing to save: no related rows are edited through these forms."""

    def delete_model(self, request, obj):
        self.service_delete(request, obj)

    def delete_queryset(self, request, queryset):
        # "Delete selected" deletes one by one through the service, so each row
        # gets the same checks (claim state, role) as deleting it alone.
        for obj in queryset:
            try:
                with transaction.atomic():
                    self.service_delete(request, obj)
            except DomainError as exc:
                self.message_user(request, f"{obj} was not deleted: {exc.message}", messages.ERROR)

    def delete_view(self, request, object_id, extra_context=None):
        try:
            return super().delete_view(request, object_id, extra_context)
        except DomainError as exc:
            # The state changed between the confirmation page and the click.
            self.message_user(request, exc.message, messages.ERROR)
            url = reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[quote(object_id)]
            )
            return HttpResponseRedirect(url)


def changed_values(form, names) -> dict:
    """The form's cleaned values for the fields the member changed, among `names`."""
    return {name: form.cleaned_data[name] for name in form.changed_data if name in names}


# --- Members -------------------------------------------------------------------


class MemberCreationForm(AdminUserCreationForm):
    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = ("username", "email", "role")


class MemberChangeForm(UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        password = self.fields.get("password")
        if password is not None:
            # Django's text links to the set-password form, which refuses other members (MemberAdmin).
            password.help_text = (
                "A member sets their own password on their account page (Change password). Nobody "
                "sets it for them: a password someone else knows lets that person act as the member."
            )


@admin.register(User)
class MemberAdmin(UserAdmin):
    """Members and their roles. The role decides what the workflow lets them do."""

    form = MemberChangeForm
    add_form = MemberCreationForm
    list_display = ("username", "email", "first_name", "last_name", "role", "is_active", "is_staff")
    list_filter = ("role", "is_active", "is_staff", "is_superuser", "groups")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Personal info", {"fields": ("first_name", "last_name", "email")}),
        (
            "Role and permissions",
            {
                "fields": ("role", "is_active", "is_staff", "is_superuser", "groups", "user_permissions"),
                "description": "The role decides which workflow actions the member may take; "
                "members with the admin role, and only they, get staff and superuser status "
                "(this admin site).",
            },
        ),
        ("Important dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "email", "role", "usable_password", "password1", "password2"),
            },
        ),
    )
    readonly_fields = ("is_staff", "is_superuser", "last_login", "date_joined")

    def user_change_password(self, request, id, form_url=""):
        # A password an admin chose for a reviewer would let the admin approve their own verdict as
        # that reviewer (the same hole as a token minted for someone else): only your own, here.
        if str(request.user.pk) != str(id):
            raise PermissionDenied(
                "A member's password is theirs alone: they change it on their account page. "
                "To lock a member out, make them inactive."
            )
        return super().user_change_password(request, id, form_url)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # The role decides access to this admin (admins get staff and superuser
        # status, other roles lose both): the same rule as `create_member`.
        try:
            member, _ = member_create_or_update(username=obj.username, role=obj.role)
        except (ValidationError, DomainError) as exc:
            self.message_user(request, f"The role could not be applied: {exc}", messages.ERROR)
        else:
            obj.is_staff, obj.is_superuser = member.is_staff, member.is_superuser


# --- API tokens ----------------------------------------------------------------


@admin.register(ApiToken)
class ApiTokenAdmin(ServiceAdmin):
    """Every member's tokens, to look at and revoke; never created or edited here.

    A token acts as its member, so its secret belongs to that member alone: members create their own
    on /account/tokens/ (admins too). An admin may revoke anyone's token; minting one for another
    member would let them act as that member (approve their own verdict with a reviewer's token).
    """

    list_display = (
        "name",
        "user",
        "prefix",
        "scope_list",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
    )
    list_filter = ("revoked_at",)
    list_select_related = ("user",)
    search_fields = ("name", "prefix", "user__username")
    actions = ("revoke_selected",)
    readonly_fields = (
        "user",
        "name",
        "prefix",
        "scope_list",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
    )

    @admin.display(description="scopes")
    def scope_list(self, token):
        return ", ".join(token.scopes)

    def has_add_permission(self, request):
        return False  # members create their own tokens on /account/tokens/

    def has_change_permission(self, request, obj=None):
        return False  # revoke instead; a token's name, member and scopes are what it was issued with

    def has_delete_permission(self, request, obj=None):
        return False  # revoked tokens stay, so the history can name what acted

    @admin.action(description="Revoke selected tokens")
    def revoke_selected(self, request, queryset):
        revoked = 0
        for token in queryset:
            try:
                api_token_revoke(token=token, actor=request.user)
            except DomainError as exc:
                self.message_user(request, f"{token}: {exc.message}", messages.ERROR)
            else:
                revoked += 1
        self.message_user(request, f"Revoked {revoked} token(s).", messages.SUCCESS)


# --- Webhooks --------------------------------------------------------------------


class WebhookForm(forms.ModelForm):
    events = forms.MultipleChoiceField(
        choices=[(name, name) for name in SUBSCRIBABLE_EVENTS], widget=forms.CheckboxSelectMultiple
    )
    url = forms.CharField(max_length=2000, help_text="https://… where your receiver listens")

    class Meta:
        model = Webhook
        fields = ("url", "events", "description", "is_active")


WEBHOOK_FIELDS = ("url", "events", "description", "is_active")


@admin.register(Webhook)
class WebhookAdmin(ServiceAdmin):
    """Webhooks through the webhook services: the URL is checked, the secret shown once."""

    form = WebhookForm
    created_template = "admin/factcheck/webhook/created.html"
    list_display = ("url", "event_list", "is_active", "disabled_reason", "last_succeeded_at", "created_by")
    list_filter = ("is_active",)
    list_select_related = ("created_by",)
    search_fields = ("url", "description")
    status_fields = (
        "created_by",
        "disabled_reason",
        "disabled_at",
        "consecutive_failures",
        "last_succeeded_at",
        "secret_rotated_at",
        "previous_secret_expires_at",
        "created_at",
        "recent_deliveries",
    )

    @admin.display(description="events")
    def event_list(self, webhook):
        return ", ".join(webhook.events)

    @admin.display(description="recent deliveries")
    def recent_deliveries(self, webhook):
        deliveries = (
            WebhookDelivery.objects.filter(webhook=webhook).prefetch_related("attempts").order_by("-id")[:20]
        )
        rows = [
            (
                d.created_at.strftime("%Y-%m-%d %H:%M:%S"),
                d.event_type,
                d.status,
                "; ".join(
                    f"{a.attempted_at:%H:%M:%S} {a.status_code or '—'} {a.error}".strip()
                    for a in d.attempts.all()
                )
                or "no attempt yet",
            )
            for d in deliveries
        ]
        if not rows:
            return "None yet."
        return format_html(
            "<table><thead><tr><th>created</th><th>event</th><th>status</th><th>attempts</th></tr></thead>"
            "<tbody>{}</tbody></table>",
            format_html_join("", "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", rows),
        )

    def get_fields(self, request, obj=None):
        return WEBHOOK_FIELDS if obj is None else WEBHOOK_FIELDS + self.status_fields

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else self.status_fields

    def service_create(self, request, form):
        data = form.cleaned_data
        webhook, secret = webhook_create(
            url=data["url"], events=data["events"], description=data["description"], actor=request.user
        )
        if not data.get("is_active", True):
            webhook = webhook_update(webhook=webhook, actor=request.user, is_active=False)
        webhook.shown_secret = secret  # for response_add only
        return webhook

    def service_update(self, request, obj, form):
        changes = changed_values(form, WEBHOOK_FIELDS)
        return webhook_update(webhook=obj, actor=request.user, **changes) if changes else obj

    def service_delete(self, request, obj):
        webhook_delete(webhook=obj, actor=request.user)

    def response_add(self, request, obj, post_url_continue=None):
        # The secret is shown in this response and nowhere else.
        context = {
            **self.admin_site.each_context(request),
            "title": "Webhook created",
            "opts": self.opts,
            "webhook": obj,
            "secret": obj.shown_secret,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.created_template, context)


# --- History -------------------------------------------------------------------


class HistoryEventAdmin(EventModelAdmin):
    """One model's history rows: to read. The tables are append-only in the database too."""

    list_display = ("pgh_created_at", "pgh_label", "object_id", "actor")
    actions = None
    formfield_overrides = URL_FIELDS_ASSUME_HTTPS

    @admin.display(description="object")
    def object_id(self, event):
        return getattr(event, "pgh_obj_id", None)

    @admin.display(description="by")
    def actor(self, event):
        context = event.pgh_context or {}
        if context.get("command") and not context.get("user"):
            # An operator's command on the server (create_api_token): not any member's act.
            return f"{context['command']} (server login {context.get('operator') or 'unknown'})"
        return context.get("username") or context.get("token") or context.get("user") or "-"


for _event_model in event_models():
    admin.site.register(_event_model, HistoryEventAdmin)
