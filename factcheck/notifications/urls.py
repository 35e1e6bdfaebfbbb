from django.urls import path

from factcheck.notifications import views

urlpatterns = [
    path("", views.notification_list, name="notifications"),
    path("read/", views.notifications_read, name="notifications-read"),
    path("settings/", views.notification_settings, name="notification-settings"),
    path("<int:pk>/open/", views.notification_open, name="notification-open"),
]
