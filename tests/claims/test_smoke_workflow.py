from claims.models import ClaimState, Publication
from claims.selectors import claim_timeline
from tests.factories import claim_in_state


def test_a_claim_goes_all_the_way_to_published(checker, reviewer, editor):
    claim = claim_in_state(ClaimState.PUBLISHED, checker=checker, reviewer=reviewer, editor=editor)
    claim.refresh_from_db()
    assert claim.state == ClaimState.PUBLISHED
    publication = Publication.objects.get(claim=claim)
    assert publication.version == 1
    assert publication.claimreview["reviewRating"]["alternateName"] == "False"
    kinds = {(e["kind"], e["verb"]) for e in claim_timeline(claim=claim)}
    assert ("publication", "added") in kinds
    assert ("transition", "added") in kinds
