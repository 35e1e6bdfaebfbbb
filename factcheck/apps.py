from django.apps import AppConfig


class FactcheckConfig(AppConfig):
    name = "factcheck"
    verbose_name = "Members and access"

    def ready(self):
        from axes.models import AccessFailureLog, AccessLog
        from django.contrib import admin

        from factcheck.logins import AdminLoginForm

        # The admin's login form says when logging in is paused (factcheck.logins).
        admin.site.login_form = AdminLoginForm
        # Only paused logins are kept (Access attempts); these two logs are switched off in settings.
        for model in (AccessLog, AccessFailureLog):
            if admin.site.is_registered(model):
                admin.site.unregister(model)
