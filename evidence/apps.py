from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "evidence"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from evidence import (  # noqa: F401
            extensions,  # registers what evidence adds to a claim's pages, reads and API
            receivers,  # connects evidence's receivers of claims' events
        )
