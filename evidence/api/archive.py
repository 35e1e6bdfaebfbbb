"""The `archive` part of evidence in the API, and the list of link problems on published fact-checks."""

from rest_framework import serializers

from evidence.selectors import archive_status

ARCHIVE_STATUSES = ["pending", "archived", "failed"]
LINK_STATES = ["ok", "gone", "changed", "restored"]
LINK_PROBLEMS = ["gone", "changed"]


class ArchivedCopySerializer(serializers.Serializer):
    sha256 = serializers.CharField()
    title = serializers.CharField()
    final_url = serializers.CharField()
    status_code = serializers.IntegerField(allow_null=True)
    fetched_at = serializers.DateTimeField()


class LinkCheckSerializer(serializers.Serializer):
    state = serializers.ChoiceField(choices=LINK_STATES)
    checked_at = serializers.DateTimeField()
    note = serializers.CharField()


class ArchiveSerializer(serializers.Serializer):
    """Where archiving of the URL stands (evidence.selectors.archive_status); null for no URL.

    Reads the item's prefetched snapshots: no query per item.
    """

    status = serializers.ChoiceField(choices=ARCHIVE_STATUSES)
    error = serializers.CharField()
    snapshot = ArchivedCopySerializer(allow_null=True, help_text="The copy kept when the URL was archived")
    link = LinkCheckSerializer(allow_null=True, help_text="What the latest link check found")

    def to_representation(self, item):
        state = archive_status(item)
        if not state.status:
            return None
        copy, latest = state.snapshot, state.latest
        when = serializers.DateTimeField().to_representation
        return {
            "status": state.status,
            "error": state.error,
            "snapshot": None
            if copy is None
            else {
                "sha256": copy.sha256,
                "title": copy.title,
                "final_url": copy.final_url,
                "status_code": copy.status_code,
                "fetched_at": when(copy.fetched_at),
            },
            "link": None
            if not state.link
            else {"state": state.link, "checked_at": when(state.checked_at), "note": latest.note},
        }


class LinkProblemSerializer(serializers.Serializer):
    """Evidence of a published fact-check whose link is gone or changed (evidence_link_problems)."""

    evidence_id = serializers.IntegerField(source="pk")
    claim_id = serializers.IntegerField()
    claim_summary = serializers.SerializerMethodField()
    claimant = serializers.CharField(source="claim.claimant.name")
    title = serializers.CharField()
    url = serializers.CharField()
    problem = serializers.ChoiceField(choices=LINK_PROBLEMS)
    note = serializers.CharField(source="problem_note")
    status_code = serializers.IntegerField(source="problem_status_code", allow_null=True)
    error = serializers.CharField(source="problem_error")
    found_at = serializers.DateTimeField(source="problem_at")
    fact_check_url = serializers.SerializerMethodField()
    api_url = serializers.SerializerMethodField()

    def get_claim_summary(self, item) -> str:
        return item.claim.summary or item.claim.text[:120]

    def get_fact_check_url(self, item) -> str:
        from claims.publishing.claimreview import public_url

        return public_url(item.publication_slug) if item.publication_slug else ""

    def get_api_url(self, item) -> str:
        return f"/api/v1/claims/{item.claim_id}/evidence/{item.pk}/"
