from django.urls import path

from campaigns.views import check_ins, contacts, dashboard, exports

app_name = "campaigns"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("campaign/", dashboard.campaign, name="campaign"),
    path("contacts/", contacts.contact_list, name="contact-list"),
    path("contacts/export.csv", exports.contact_export_csv, name="contact-export-csv"),
    path("contacts/export.xlsx", exports.contact_export_xlsx, name="contact-export-xlsx"),
    path("follow-ups/", contacts.follow_ups, name="follow-ups"),
    path("check-ins/", check_ins.check_ins, name="check-ins"),
    path("api/engagement/", dashboard.api_engagement, name="api-engagement"),
    path("check-ins/<int:pk>/answer/", check_ins.check_in_answer, name="check-in-answer"),
]
