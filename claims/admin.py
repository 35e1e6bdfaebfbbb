"""Admin for claims, on the same services as the UI and the API.

A claim's state never changes by editing a field: the claim page links to a
workflow view that applies one action through `claim_transition`, offering
the actions `workflow.available_actions` allows. Verdicts, appearances and
claims save through their services; reviews, transitions and publications are
written by the workflow and only shown here.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import quote, unquote
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from claims import extensions, services, workflow
from claims.models import (
    Appearance,
    Claim,
    Claimant,
    NoteKind,
    Publication,
    Rating,
    RatingScale,
    Review,
    Transition,
    Verdict,
)
from claims.selectors import claim_list
from factcheck.admin import ReadOnlyAdmin, ServiceAdmin, changed_values
from factcheck.errors import DomainError
from factcheck.roles import CHECKING_ROLES


def content_editable(claim: Claim, user) -> bool:
    """Whether this member may change the claim's content now (the workflow decides)."""
    try:
        workflow.ensure_content_editable(claim, user)
    except DomainError:
        return False
    return True


class ClaimContentAdmin(ServiceAdmin):
    """Rows that belong to a claim: editable and deletable only while the claim's content is."""

    # Rows that go with the row they belong to (evidence's archived copies: the service deletes them
    # with it), as other apps register them (claims.extensions).
    @property
    def cascades_with(self) -> list:
        return [model for function in extensions.CONTENT_CASCADES for model in function()]

    def claim_of(self, obj) -> Claim:
        return obj.claim

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or content_editable(self.claim_of(obj), request.user))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or content_editable(self.claim_of(obj), request.user))

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        for model in self.cascades_with:
            perms_needed.discard(model._meta.verbose_name)
        return deleted, counts, perms_needed, protected


# --- Claimants -------------------------------------------------------------------


CLAIMANT_FIELDS = ("name", "title", "kind")


@admin.register(Claimant)
class ClaimantAdmin(ServiceAdmin):
    list_display = ("name", "title", "kind", "created_at")
    list_filter = ("kind",)
    search_fields = ("name", "title")
    fields = CLAIMANT_FIELDS

    def service_create(self, request, form):
        return services.claimant_create(
            actor=request.user, **{n: form.cleaned_data[n] for n in CLAIMANT_FIELDS}
        )

    def service_update(self, request, obj, form):
        changes = changed_values(form, CLAIMANT_FIELDS)
        return services.claimant_update(claimant=obj, actor=request.user, **changes) if changes else obj

    def service_delete(self, request, obj):
        # No rule but the database's: a claimant with claims is PROTECTed (the admin says so).
        obj.delete()


# --- Claims ----------------------------------------------------------------------

CLAIM_ADD_FIELDS = (
    "text",
    "summary",
    "claimant",
    "claimed_on",
    "language",
    "topics",
    "due_on",
    "selection_reason",
    "checkworthiness",
    "external_id",
    "is_demo",
)
CLAIM_CHANGE_FIELDSETS = (
    (None, {"fields": ("text", "summary", "claimant", "claimed_on", "language", "topics")}),
    ("Desk", {"fields": ("due_on", "selection_reason", "checkworthiness", "external_id", "is_demo")}),
    (
        "Workflow",
        {
            "fields": ("state", "assignee", "created_by", "created_at", "updated_at"),
            "description": "The state and the assignee change only through workflow actions "
            "(the “Workflow actions” button above).",
        },
    ),
)
CLAIM_READONLY_FIELDS = (
    "state",
    "assignee",
    "checkworthiness",
    "external_id",
    "is_demo",
    "created_by",
    "created_at",
    "updated_at",
)


class ClaimTransitionForm(forms.Form):
    """One workflow action and what it may need (a comment, an assignee, a note)."""

    action = forms.ChoiceField(choices=[(a.name, a.label) for a in workflow.ACTIONS.values()])
    comment = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        required=False,
        help_text="Needed to request changes or to dismiss; shown in the claim's log.",
    )
    assignee = forms.ModelChoiceField(
        queryset=get_user_model().objects.none(),
        required=False,
        help_text="For “Assign”: a fact-checker or an editor.",
    )
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        required=False,
        help_text="For publishing again, or submitting a correction (its approval publishes it): "
        "the correction or update note readers will see.",
    )
    note_kind = forms.ChoiceField(choices=NoteKind.choices, initial=NoteKind.UPDATE, required=False)

    def __init__(self, *args, available: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = (
            get_user_model().objects.filter(is_active=True, role__in=CHECKING_ROLES).order_by("username")
        )
        # Offer what the workflow allows now; accept any declared action, so a
        # form that went stale (someone acted meanwhile) gets the workflow's
        # own explanation instead of "not a valid choice".
        offered = list(available)
        chosen = self.data.get("action")
        if chosen in workflow.ACTIONS and chosen not in offered:
            offered.append(chosen)  # keep what the member chose, beside the refusal
        self.fields["action"].widget.choices = [(name, workflow.ACTIONS[name].label) for name in offered]


@admin.register(Claim)
class ClaimAdmin(ServiceAdmin):
    change_form_template = "admin/claims/claim/change_form.html"
    transition_template = "admin/claims/claim/transition.html"
    list_display = ("__str__", "claimant", "state", "rating", "assignee", "due_on", "created_at")
    list_filter = ("state", "language", "is_demo")
    search_fields = ("text", "summary", "claimant__name")
    autocomplete_fields = ("claimant",)
    show_facets = admin.ShowFacets.NEVER

    def get_queryset(self, request):
        return claim_list()

    @admin.display(description="rating", ordering="verdict__rating__label")
    def rating(self, claim):
        return claim.verdict_rating_label or "-"

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return ((None, {"fields": CLAIM_ADD_FIELDS}),)
        return CLAIM_CHANGE_FIELDSETS

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else CLAIM_READONLY_FIELDS

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or content_editable(obj, request.user))

    def has_delete_permission(self, request, obj=None):
        # A claim leaves the desk by being dismissed, which the log records.
        return False

    def service_create(self, request, form):
        data = form.cleaned_data
        return services.claim_create(
            created_by=request.user,
            text=data["text"],
            claimant=data["claimant"],
            summary=data["summary"],
            claimed_on=data["claimed_on"],
            language=data["language"],
            topics=data["topics"] or [],
            due_on=data["due_on"],
            selection_reason=data["selection_reason"],
            checkworthiness=data["checkworthiness"],
            external_id=data["external_id"],
            is_demo=data["is_demo"],
        )

    def service_update(self, request, obj, form):
        changes = changed_values(form, services.CLAIM_EDITABLE_FIELDS | {"claimant"})
        if not changes:
            return obj
        return services.claim_update(claim=obj, actor=request.user, **changes)

    # The workflow view

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_transition"
        view = self.admin_site.admin_view(self.transition_view)
        return [path("<path:object_id>/transition/", view, name=name), *super().get_urls()]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        claim = self.get_object(request, unquote(object_id))
        if claim is not None:
            names = workflow.available_actions(claim, request.user)
            extra_context = {
                **(extra_context or {}),
                "workflow_actions": [workflow.ACTIONS[name] for name in names],
                "events_url": reverse("admin:pghistory_events_changelist")
                + f"?method=tracks&obj={Claim._meta.label}:{claim.pk}",
            }
        return super().change_view(request, object_id, form_url, extra_context)

    def transition_view(self, request, object_id):
        """Apply one workflow action to the claim, through `claim_transition`."""
        claim = self.get_object(request, unquote(object_id))
        if claim is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_permission(request, claim):
            raise PermissionDenied
        available = workflow.available_actions(claim, request.user)
        if request.method == "POST":
            form = ClaimTransitionForm(request.POST, available=available)
            if form.is_valid():
                data = form.cleaned_data
                spec = workflow.ACTIONS[data["action"]]
                try:
                    claim = services.claim_transition(
                        claim=claim,
                        action=spec.name,
                        actor=request.user,
                        comment=data["comment"],
                        assignee=data["assignee"],
                        note=data["note"],
                        note_kind=data["note_kind"] or NoteKind.UPDATE,
                    )
                except DomainError as exc:
                    form.add_error(None, exc.message)
                else:
                    self.log_change(request, claim, f"Workflow: {spec.label}.")
                    state = claim.get_state_display().lower()
                    self.message_user(request, f"{spec.label}: the claim is now {state}.", messages.SUCCESS)
                    return redirect(
                        f"admin:{self.opts.app_label}_{self.opts.model_name}_change", quote(claim.pk)
                    )
        else:
            form = ClaimTransitionForm(
                available=available,
                initial={"action": available[0] if available else None, "assignee": claim.assignee_id},
            )
        context = {
            **self.admin_site.each_context(request),
            "title": "Workflow action",
            "subtitle": str(claim),
            "opts": self.opts,
            "claim": claim,
            "form": form,
            "workflow_actions": [workflow.ACTIONS[name] for name in available],
            "transitions": claim.transitions.select_related("actor"),
            "media": self.media + form.media,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.transition_template, context)


# --- Appearances -------------------------------------------------------------------

APPEARANCE_FIELDS = ("url", "outlet", "medium", "appeared_on", "excerpt", "is_first")


@admin.register(Appearance)
class AppearanceAdmin(ClaimContentAdmin):
    list_display = ("__str__", "claim", "medium", "appeared_on", "is_first")
    list_filter = ("medium", "is_first")
    list_select_related = ("claim",)
    search_fields = ("outlet", "url", "excerpt")
    autocomplete_fields = ("claim",)

    def get_fields(self, request, obj=None):
        return ("claim", *APPEARANCE_FIELDS)

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else ("claim",)

    def service_create(self, request, form):
        data = {name: form.cleaned_data[name] for name in APPEARANCE_FIELDS}
        return services.appearance_create(claim=form.cleaned_data["claim"], actor=request.user, **data)

    def service_update(self, request, obj, form):
        return services.appearance_update(
            appearance=obj, actor=request.user, **changed_values(form, APPEARANCE_FIELDS)
        )

    def service_delete(self, request, obj):
        services.appearance_delete(appearance=obj, actor=request.user)


# --- Rating scale ------------------------------------------------------------------


class RatingInline(admin.TabularInline):
    model = Rating
    extra = 0
    fields = ("position", "label", "slug", "value", "description")
    prepopulated_fields = {"slug": ("label",)}


@admin.register(RatingScale)
class RatingScaleAdmin(admin.ModelAdmin):
    list_display = ("name", "is_default")
    inlines = (RatingInline,)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Labels, values and the scale's ends are published with each verdict rated on it.
        if change and (form.has_changed() or any(f.has_changed() for f in formsets)):
            services.rating_scale_changed(scale_id=form.instance.pk, actor=request.user)


@admin.register(Rating)
class RatingAdmin(admin.ModelAdmin):
    list_display = ("label", "scale", "position", "value")
    list_filter = ("scale",)
    list_select_related = ("scale",)
    prepopulated_fields = {"slug": ("label",)}

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # A new rating moves the scale's ends too (ClaimReview's bestRating and worstRating).
        if form.has_changed():
            services.rating_scale_changed(scale_id=obj.scale_id, actor=request.user)
            if change and "scale" in form.changed_data and form.initial.get("scale"):
                services.rating_scale_changed(scale_id=form.initial["scale"], actor=request.user)

    def delete_model(self, request, obj):
        scale_id = obj.scale_id
        super().delete_model(request, obj)
        services.rating_scale_changed(scale_id=scale_id, actor=request.user)


# --- Verdicts ----------------------------------------------------------------------

VERDICT_FIELDS = ("rating", "headline", "conclusion", "analysis")
VERDICT_READONLY_FIELDS = (
    "revision",
    "author",
    "last_edited_by",
    "submitted_by",
    "correction_note",
    "correction_note_kind",
    "is_demo",
    "created_at",
    "updated_at",
)


class VerdictAdminForm(forms.ModelForm):
    # The revision the member started from: saving over someone else's newer edit is refused.
    expected_revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Verdict
        fields = ("claim", *VERDICT_FIELDS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expected_revision"].initial = self.instance.revision if self.instance.pk else 0


@admin.register(Verdict)
class VerdictAdmin(ClaimContentAdmin):
    form = VerdictAdminForm
    # verdict_update does not validate the row (one verdict per claim): let the form.
    form_validates_model = True
    list_display = ("__str__", "rating", "revision", "author", "last_edited_by", "updated_at")
    list_select_related = ("claim", "rating", "author", "last_edited_by")
    search_fields = ("headline", "conclusion", "claim__text", "claim__summary")
    autocomplete_fields = ("claim",)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("claim", *VERDICT_FIELDS, "expected_revision")
        return ("claim", *VERDICT_FIELDS, "expected_revision", *VERDICT_READONLY_FIELDS)

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else ("claim", *VERDICT_READONLY_FIELDS)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "rating":
            kwargs["queryset"] = Rating.objects.filter(scale__is_default=True).select_related("scale")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_delete_permission(self, request, obj=None):
        return False

    def service_create(self, request, form):
        data = form.cleaned_data
        return services.verdict_update(
            claim=data["claim"],
            actor=request.user,
            expected_revision=0,
            **{name: data[name] for name in VERDICT_FIELDS},
        )

    def service_update(self, request, obj, form):
        data = form.cleaned_data
        return services.verdict_update(
            claim=obj.claim,
            actor=request.user,
            expected_revision=data.get("expected_revision"),
            is_demo=obj.is_demo,
            **{name: data[name] for name in VERDICT_FIELDS},
        )


# --- Written by the workflow: to read ---------------------------------------------


@admin.register(Review)
class ReviewAdmin(ReadOnlyAdmin):
    list_display = ("verdict", "revision", "reviewer", "decision", "created_at")
    list_filter = ("decision",)
    list_select_related = ("verdict", "reviewer")


@admin.register(Transition)
class TransitionAdmin(ReadOnlyAdmin):
    list_display = ("claim", "action", "from_state", "to_state", "actor", "created_at")
    list_filter = ("action", "to_state")
    list_select_related = ("claim", "actor")


@admin.register(Publication)
class PublicationAdmin(ReadOnlyAdmin):
    """Published snapshots are immutable: a correction is a new publication, via the workflow."""

    list_display = ("claim_reviewed", "version", "rating_label", "note_kind", "published_by", "published_at")
    list_filter = ("note_kind", "rating_label")
    list_select_related = ("published_by",)
    search_fields = ("claim_reviewed", "slug")
