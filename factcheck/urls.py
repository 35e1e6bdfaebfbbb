from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from factcheck import views
from factcheck.api import urls as api_urls

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("api/v1/", include((api_urls.v1, "api"), namespace="v1")),
    path("api/", include(api_urls.urlpatterns)),
]
