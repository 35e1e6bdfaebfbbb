"""Evidence and rebuttals of a claim, under /claims/<claim_pk>/ (included by claims.urls)."""

from django.urls import path

from evidence.web import snapshots as snapshot_views
from evidence.web import views as views

app_name = "evidence"

urlpatterns = []
for part, prefix in (("evidence", "evidence"), ("rebuttal", "rebuttals")):
    urlpatterns += [
        path(f"{prefix}/", views.item_add, {"part": part}, name=f"{part}-add"),
        path(f"{prefix}/<int:pk>/", views.item_show, {"part": part}, name=f"{part}-item"),
        path(f"{prefix}/<int:pk>/edit/", views.item_edit, {"part": part}, name=f"{part}-edit"),
        path(f"{prefix}/<int:pk>/delete/", views.item_remove, {"part": part}, name=f"{part}-remove"),
        path(f"{prefix}/<int:pk>/restore/", views.item_restore, {"part": part}, name=f"{part}-restore"),
    ]
urlpatterns += [
    path("snapshots/<int:pk>/", snapshot_views.snapshot_show, name="snapshot"),
    path("snapshots/<int:pk>/file/", snapshot_views.snapshot_file, name="snapshot-file"),
]
