from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from claims.api import views as claims
from evidence.api import views as evidence

v1 = [
    path("claims/", claims.ClaimListView.as_view(), name="claim-list"),
    path("claims/<int:pk>/", claims.ClaimDetailView.as_view(), name="claim-detail"),
    path("claims/<int:pk>/verdict/", claims.VerdictView.as_view(), name="claim-verdict"),
    path("claims/<int:pk>/transitions/", claims.TransitionView.as_view(), name="claim-transitions"),
    path("claims/<int:pk>/history/", claims.HistoryView.as_view(), name="claim-history"),
    path("claims/<int:pk>/appearances/", claims.AppearanceListView.as_view(), name="appearance-list"),
    path(
        "claims/<int:pk>/appearances/<int:item_pk>/",
        claims.AppearanceDetailView.as_view(),
        name="appearance-detail",
    ),
    path("claims/<int:pk>/evidence/", evidence.EvidenceListView.as_view(), name="evidence-list"),
    path(
        "claims/<int:pk>/evidence/<int:item_pk>/",
        evidence.EvidenceDetailView.as_view(),
        name="evidence-detail",
    ),
    path("claims/<int:pk>/rebuttals/", evidence.RebuttalListView.as_view(), name="rebuttal-list"),
    path(
        "claims/<int:pk>/rebuttals/<int:item_pk>/",
        evidence.RebuttalDetailView.as_view(),
        name="rebuttal-detail",
    ),
    path("claimants/", claims.ClaimantListView.as_view(), name="claimant-list"),
    path("claimants/<int:pk>/", claims.ClaimantDetailView.as_view(), name="claimant-detail"),
    path("sources/", evidence.SourceListView.as_view(), name="source-list"),
    path("sources/<int:pk>/", evidence.SourceDetailView.as_view(), name="source-detail"),
]

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]
