"""Intake pages, under /intake/."""

from django.urls import path

from claims.web import intake as intake_views

app_name = "intake"

urlpatterns = [
    path("", intake_views.intake, name="start"),
    path("log/", intake_views.intake_log, name="log"),
    path("logged/", intake_views.intake_logged, name="logged"),
    path("jobs/<int:pk>/", intake_views.intake_job, name="job"),
    path("duplicates/", intake_views.duplicate_link, name="duplicate"),
]
