"""Admin for sources, evidence, rebuttals and snapshots.

Evidence and rebuttals save and delete through `evidence.services`, so a
published claim's material stays as published; snapshots are written by the
archiving task and only shown here.
"""

from django.contrib import admin

from claims.admin import ClaimContentAdmin
from evidence import services
from evidence.models import Evidence, Rebuttal, Snapshot, Source
from factcheck.admin import ReadOnlyAdmin, ServiceAdmin, changed_values

SOURCE_FIELDS = ("name", "kind", "url")


@admin.register(Source)
class SourceAdmin(ServiceAdmin):
    list_display = ("name", "kind", "url", "created_at")
    list_filter = ("kind",)
    search_fields = ("name", "url")
    fields = SOURCE_FIELDS

    def service_create(self, request, form):
        return services.source_create(actor=request.user, **{n: form.cleaned_data[n] for n in SOURCE_FIELDS})

    def service_update(self, request, obj, form):
        changes = changed_values(form, SOURCE_FIELDS)
        return services.source_update(source=obj, actor=request.user, **changes) if changes else obj

    def service_delete(self, request, obj):
        # No rule but the database's: a source cited by evidence is PROTECTed (the admin says so).
        obj.delete()


@admin.register(Evidence)
class EvidenceAdmin(ClaimContentAdmin):
    list_display = ("title", "claim", "stance", "kind", "source", "is_withheld", "added_by", "created_at")
    list_filter = ("stance", "kind", "is_withheld")
    list_select_related = ("claim", "source", "added_by")
    search_fields = ("title", "excerpt", "url")
    autocomplete_fields = ("claim", "source")

    def get_fields(self, request, obj=None):
        fields = ("claim", *services.EVIDENCE_FIELDS)
        return fields if obj is None else (*fields, "added_by", "created_at", "updated_at")

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else ("claim", "added_by", "created_at", "updated_at")

    def service_create(self, request, form):
        data = {name: form.cleaned_data[name] for name in services.EVIDENCE_FIELDS}
        return services.evidence_create(claim=form.cleaned_data["claim"], actor=request.user, **data)

    def service_update(self, request, obj, form):
        changes = changed_values(form, services.EVIDENCE_FIELDS)
        return services.evidence_update(evidence=obj, actor=request.user, **changes)

    def service_delete(self, request, obj):
        services.evidence_delete(evidence=obj, actor=request.user)


@admin.register(Rebuttal)
class RebuttalAdmin(ClaimContentAdmin):
    list_display = ("party", "claim", "kind", "stated_on", "added_by", "created_at")
    list_filter = ("kind",)
    list_select_related = ("claim", "added_by")
    search_fields = ("party", "statement")
    autocomplete_fields = ("claim",)

    def get_fields(self, request, obj=None):
        fields = ("claim", *services.REBUTTAL_FIELDS)
        return fields if obj is None else (*fields, "added_by", "created_at", "updated_at")

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else ("claim", "added_by", "created_at", "updated_at")

    def service_create(self, request, form):
        data = {name: form.cleaned_data[name] for name in services.REBUTTAL_FIELDS}
        return services.rebuttal_create(claim=form.cleaned_data["claim"], actor=request.user, **data)

    def service_update(self, request, obj, form):
        changes = changed_values(form, services.REBUTTAL_FIELDS)
        return services.rebuttal_update(rebuttal=obj, actor=request.user, **changes)

    def service_delete(self, request, obj):
        services.rebuttal_delete(rebuttal=obj, actor=request.user)


@admin.register(Snapshot)
class SnapshotAdmin(ReadOnlyAdmin):
    list_display = ("url", "status_code", "content_type", "size", "fetched_at", "error")
    list_select_related = ("evidence", "appearance")
    search_fields = ("url", "final_url", "title")
