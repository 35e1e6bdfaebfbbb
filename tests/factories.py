"""Factories for tests: rows built through the same services the product uses."""

import factory
from django.contrib.auth import get_user_model

from claims import services
from claims.models import Claim, Claimant, ClaimState
from claims.selectors import rating_get
from evidence import services as evidence_services
from factcheck.roles import Role

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"member{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    role = Role.FACT_CHECKER
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class ClaimantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Claimant

    name = factory.Sequence(lambda n: f"Claimant {n}")
    title = "Minister"


def make_claim(*, author, text="Steel imports doubled last year.", claimant=None, **kwargs) -> Claim:
    claimant = claimant or ClaimantFactory()
    return services.claim_create(text=text, claimant=claimant, created_by=author, **kwargs)


def add_evidence(claim, *, actor, stance="refutes", **kwargs):
    data = {"title": "Customs statistics", "url": "https://example.org/stats", "stance": stance} | kwargs
    return evidence_services.evidence_create(claim=claim, actor=actor, **data)


def write_verdict(claim, *, actor, rating="False", conclusion="The numbers say otherwise.", **kwargs):
    return services.verdict_update(
        claim=claim,
        actor=actor,
        rating=rating_get(label=rating) if rating else None,
        headline=kwargs.pop("headline", "Not what the data show"),
        conclusion=conclusion,
        **kwargs,
    )


def claim_in_state(state: str, *, checker, reviewer, editor, **kwargs) -> Claim:
    """A claim brought to `state` through the real workflow."""
    claim = make_claim(author=checker, **kwargs)
    if state == ClaimState.NEW:
        return claim
    if state == ClaimState.DISMISSED:
        return services.claim_transition(claim=claim, action="dismiss", actor=editor, comment="Not checkable")
    claim = services.claim_transition(claim=claim, action="assign", actor=editor, assignee=checker)
    if state == ClaimState.RESEARCHING:
        return claim
    add_evidence(claim, actor=checker)
    write_verdict(claim, actor=checker)
    claim = services.claim_transition(claim=claim, action="submit", actor=checker)
    if state == ClaimState.IN_REVIEW:
        return claim
    claim = services.claim_transition(claim=claim, action="approve", actor=reviewer)
    if state == ClaimState.APPROVED:
        return claim
    claim = services.claim_transition(claim=claim, action="publish", actor=editor)
    assert state == ClaimState.PUBLISHED, state
    return claim
