"""What claims' events mean for requesters (connected in claims.apps.ClaimsConfig.ready)."""

from claims.requests import outbox
from claims.signals import publication_created


def _on_publication(sender, publication, **kwargs) -> None:
    outbox.request_emails_on_publication(publication=publication)


def connect() -> None:
    publication_created.connect(_on_publication, dispatch_uid="claims.requests.publication_created")
