from django.apps import AppConfig


class ClaimsConfig(AppConfig):
    name = "claims"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from claims import housekeeping  # noqa: F401 (registers what of claims expires)
        from claims.requests import receivers

        receivers.connect()
        from claims.services.notifications import kinds_register

        kinds_register()

    def start_check(self, process: str) -> None:
        """Called by a web or worker process at start (settings.PROCESS_START_CHECKS): load the
        matching model, the intake parser and the desk score's weights now, or stop with one line naming
        the cause."""
        from claims.intake import desk, language
        from claims.matching import embedding

        embedding.startup_check(process)
        language.startup_check(process)
        desk.startup_check(process)
