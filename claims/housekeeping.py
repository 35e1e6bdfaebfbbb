"""What of claims expires (factcheck.housekeeping deletes it; registered when the app is ready)."""

import datetime

from django.conf import settings
from django.contrib.postgres.search import SearchQuery
from django.db.models import Count, Exists, F, Func, IntegerField, Max, OuterRef, Q
from django.db.models.functions import Coalesce

from claims.models import (
    Claim,
    IntakeJob,
    Publication,
    RequestContact,
    RequestEmailStatus,
    SearchWord,
    publication_search_vector,
)
from factcheck.housekeeping import expires


@expires("intake_jobs")
def old_intake_jobs(now: datetime.datetime):
    """Articles read in for their candidate claims, after INTAKE_JOB_RETENTION_DAYS: the claims logged
    from them stand on their own."""
    return IntakeJob.objects.filter(
        created_at__lt=now - datetime.timedelta(days=settings.INTAKE_JOB_RETENTION_DAYS)
    )


@expires("request_contacts")
def old_request_contacts(now: datetime.datetime):
    """Requesters' addresses REQUEST_CONTACT_RETENTION_DAYS after the last email to them (sent or given
    up), when none is pending: personal data kept no longer than the reply loop needs it."""
    cutoff = now - datetime.timedelta(days=settings.REQUEST_CONTACT_RETENTION_DAYS)
    return RequestContact.objects.annotate(
        last_email_at=Max(Coalesce("emails__sent_at", "emails__created_at")),
        pending=Count("emails", filter=Q(emails__status=RequestEmailStatus.PENDING)),
    ).filter(last_email_at__lt=cutoff, pending=0)


# A word is in use while some claim's search document (its text, claimant, verdict, outlets and
# evidence, claims.models.core) holds its stem: one probe of the document index per word. Stop words
# (no stem) stay: every new text would write them again. Built from expressions, not SQL naming
# claims_searchword: the housekeeping re-reads this condition in a subquery of its DELETE, where a
# table name would mean the DELETE's row and make the subquery rescan the vocabulary for each row.
def _stem(word):
    return SearchQuery(word, config="english", search_type="plain")


@expires("search_words")
def unused_search_words(now: datetime.datetime):
    """Words of the typo vocabulary (claims.search) that neither a claim's search document nor a
    publication as published holds any more (the claim was reworded, its evidence removed): a
    correction to one of them would find nothing, on the desk or on the public pages. A word written
    again later comes back with the row that uses it."""
    stems = Func(_stem(F("word")), function="numnode", output_field=IntegerField())
    in_a_claim = Claim.objects.filter(search_vector=_stem(OuterRef("word")))
    # The public search's own expression, so its GIN index answers (claims.models.publication_search_vector).
    published = Publication.objects.annotate(document=publication_search_vector()).filter(
        document=_stem(OuterRef("word"))
    )
    return SearchWord.objects.alias(
        stems=stems, in_a_claim=Exists(in_a_claim), published=Exists(published)
    ).filter(stems__gt=0, in_a_claim=False, published=False)
