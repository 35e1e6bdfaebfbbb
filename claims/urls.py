"""The claim desk's pages, under /claims/."""

from django.urls import include, path

from claims.web import claims as views
from claims.web import desk as desk_views
from claims.web import imports as import_views
from claims.web import requests as request_views
from claims.web import review_bar as review_bar_views

app_name = "claims"

urlpatterns = [
    path("", views.claim_list, name="list"),
    path("new/", views.claim_create, name="create"),
    path("import/", import_views.import_start, name="import"),
    path("import/<int:pk>/", import_views.import_job, name="import-job"),
    path("requests/", request_views.request_triage, name="requests"),
    path("requests/<int:pk>/attach/", request_views.request_attach, name="request-attach"),
    path("requests/<int:pk>/claim/", request_views.request_claim_new, name="request-claim"),
    path("<int:pk>/", views.claim_workspace, name="workspace"),
    path("<int:pk>/edit/", views.claim_edit, name="edit"),
    path("<int:pk>/history/", views.claim_history, name="history"),
    path("<int:pk>/actions/<slug:action>/", views.claim_action, name="action"),
    path("<int:pk>/review-bar/", review_bar_views.review_bar_check, name="review-bar-check"),
    path("<int:pk>/take/", desk_views.claim_take, name="take"),
    path("<int:pk>/verdict/", views.verdict_save, name="verdict"),
    path("<int:pk>/verdict/preview/", views.verdict_preview, name="verdict-preview"),
    path("<int:pk>/public-preview/", views.public_preview, name="public-preview"),
    path("<int:pk>/appearances/", views.appearance_add, name="appearance-add"),
    path(
        "<int:pk>/appearances/<int:appearance_pk>/delete/", views.appearance_remove, name="appearance-remove"
    ),
    path(
        "<int:pk>/appearances/<int:appearance_pk>/restore/",
        views.appearance_restore,
        name="appearance-restore",
    ),
    path("<int:claim_pk>/", include("evidence.urls")),
]
