from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from claims.api import factchecktools
from claims.web import dashboard
from claims.web import desk as desk_views
from claims.web import public as public_views
from claims.web import requests as request_views
from factcheck import tokens_views
from factcheck.api import urls as api_urls
from factcheck.logins import LoginForm

urlpatterns = [
    path("", desk_views.home, name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(authentication_form=LoginForm), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("claims/", include("claims.urls")),
    path("intake/", include("claims.web.intake_urls")),
    # Public pages (no login), the dashboard and members' API tokens.
    path("fact-checks/", public_views.factcheck_list, name="public-factcheck-list"),
    path("fact-checks/<slug:slug>/", public_views.factcheck_detail, name="public-factcheck-detail"),
    path("methodology/", public_views.methodology, name="methodology"),
    path("corrections/", public_views.corrections, name="corrections"),
    path("corrections/feed/", public_views.CorrectionsFeed(), name="corrections-feed"),
    # Readers send claims to check, and follow them by a signed link (claims.web.requests).
    path("send-a-claim/", request_views.request_new, name="request-new"),
    path("requests/<str:token>/", request_views.request_status, name="request-status"),
    path("requests/<str:token>/unsubscribe/", request_views.request_unsubscribe, name="request-unsubscribe"),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path(
        "account/password/",
        auth_views.PasswordChangeView.as_view(
            template_name="registration/password_change.html", success_url="/account/password/done/"
        ),
        name="password-change",
    ),
    path(
        "account/password/done/",
        auth_views.PasswordChangeDoneView.as_view(template_name="registration/password_changed.html"),
        name="password-change-done",
    ),
    path("account/tokens/", tokens_views.tokens, name="tokens"),
    path("account/tokens/<int:pk>/revoke/", tokens_views.token_revoke, name="token-revoke"),
    path("account/notifications/", include("factcheck.notifications.urls")),
    path("api/v1/", include((api_urls.v1, "api"), namespace="v1")),
    # Google Fact Check Tools API v1alpha1 compatibility: clients use <site>/api/factchecktools/ as root.
    path(
        "api/factchecktools/v1alpha1/claims:search",
        factchecktools.ClaimSearchView.as_view(),
        name="factchecktools-claims-search",
    ),
    path("api/", include(api_urls.urlpatterns)),
]
