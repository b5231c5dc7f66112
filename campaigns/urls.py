from django.urls import path

from campaigns import views

app_name = "campaigns"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("contacts/", views.contact_list, name="contact-list"),
    path("campaign/", views.campaign, name="campaign"),
    path("follow-ups/", views.follow_ups, name="follow-ups"),
    path("check-ins/", views.check_ins, name="check-ins"),
]
