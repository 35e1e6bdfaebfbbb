from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _grant_app_role(sender, using="default", **kwargs):
    from django.conf import settings

    from factcheck.database_roles import app_role_grant

    if settings.DATABASE_APP_ROLE and using == "default":
        app_role_grant(role=settings.DATABASE_APP_ROLE, using=using)


class FactcheckConfig(AppConfig):
    name = "factcheck"
    verbose_name = "Members and access"

    def ready(self):
        # Once per migrate (post_migrate runs after every app's migrations, once per app: this one).
        post_migrate.connect(_grant_app_role, sender=self, dispatch_uid="factcheck-grant-app-role")

        from axes.models import AccessFailureLog, AccessLog
        from django.contrib import admin

        from factcheck.logins import AdminLoginForm

        # The admin's login form says when logging in is paused (factcheck.logins).
        admin.site.login_form = AdminLoginForm
        # Only paused logins are kept (Access attempts); these two logs are switched off in settings.
        for model in (AccessLog, AccessFailureLog):
            if admin.site.is_registered(model):
                admin.site.unregister(model)
