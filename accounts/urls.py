"""The People page (``/accounts/people/``): user and role management for secretariat admins."""

from django.urls import path

from accounts import people_views

app_name = "accounts"

urlpatterns = [
    path("", people_views.people, name="people"),
    path("add/", people_views.people_add, name="people-add"),
    path("<int:pk>/", people_views.people_detail, name="people-detail"),
    path("<int:pk>/active/", people_views.people_active, name="people-active"),
    path(
        "<int:pk>/set-password-email/",
        people_views.people_set_password_email,
        name="people-set-password-email",
    ),
]
