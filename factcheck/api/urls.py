from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from claims.api import factchecks, imports, intake
from claims.api import requests as reader_requests
from claims.api import views as claims
from evidence.api import link_problems
from evidence.api import views as evidence
from factcheck.api import webhooks

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
    # Published fact-checks (open to anonymous callers); {pk} is the claim's id.
    path("fact-checks/", factchecks.FactCheckListView.as_view(), name="factcheck-list"),
    path(
        "fact-checks/claimreview-feed",
        factchecks.ClaimReviewFeedView.as_view(),
        name="factcheck-claimreview-feed",
    ),
    path("fact-checks/<int:pk>/", factchecks.FactCheckDetailView.as_view(), name="factcheck-detail"),
    path(
        "fact-checks/<int:pk>/claimreview",
        factchecks.ClaimReviewView.as_view(),
        name="factcheck-claimreview",
    ),
]

# Webhooks (admins; tokens need webhooks:manage).
v1 += [
    path("webhooks/", webhooks.WebhookListView.as_view(), name="webhook-list"),
    path("webhooks/<int:pk>/", webhooks.WebhookDetailView.as_view(), name="webhook-detail"),
    path("webhooks/<int:pk>/ping", webhooks.WebhookPingView.as_view(), name="webhook-ping"),
    path(
        "webhooks/<int:pk>/rotate-secret",
        webhooks.WebhookRotateSecretView.as_view(),
        name="webhook-rotate-secret",
    ),
    path(
        "webhooks/<int:pk>/deliveries/",
        webhooks.WebhookDeliveryListView.as_view(),
        name="webhook-delivery-list",
    ),
    path(
        "webhooks/<int:pk>/deliveries/<int:delivery_pk>/",
        webhooks.WebhookDeliveryDetailView.as_view(),
        name="webhook-delivery-detail",
    ),
    path(
        "webhooks/<int:pk>/deliveries/<int:delivery_pk>/redeliver",
        webhooks.WebhookRedeliverView.as_view(),
        name="webhook-redeliver",
    ),
]

# Intake and matching: candidate claims in a text or article; "was this already checked?".
v1 += [
    path("intake/", intake.IntakeView.as_view(), name="intake"),
    path("intake/jobs/<int:pk>/", intake.IntakeJobView.as_view(), name="intake-job"),
    re_path(r"^claims/similar/?$", intake.SimilarClaimsView.as_view(), name="claim-similar"),
    path("claims/<int:pk>/duplicate-of/", intake.ClaimDuplicateView.as_view(), name="claim-duplicate-of"),
]

# Reader requests from partners' tip lines (claims:submit).
v1 += [
    path("requests/", reader_requests.RequestCreateView.as_view(), name="request-list"),
]

# Archiving and link checks: evidence of published fact-checks whose link is gone or changed.
v1 += [
    path("evidence/link-problems/", link_problems.LinkProblemListView.as_view(), name="link-problems"),
]

# Bulk imports (editors and admins): a file in, a job with its progress out.
v1 += [
    path("imports/", imports.ImportListView.as_view(), name="import-list"),
    path("imports/<int:pk>/", imports.ImportDetailView.as_view(), name="import-detail"),
]

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # Swagger UI with its start-up script at a URL of its own (docs/?script): no inline script or style,
    # so the page keeps the site's Content-Security-Policy.
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api-schema", template_name="factcheck/api_docs.html"),
        name="api-docs",
    ),
]
