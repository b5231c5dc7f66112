from django.urls import path

from campaigns.views import (
    activity,
    bulk,
    check_in_rounds,
    check_ins,
    contacts,
    dashboard,
    exports,
    members,
    resources,
    saved_views,
    sections,
)

app_name = "campaigns"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("campaign/", dashboard.campaign, name="campaign"),
    path("api/engagement/", dashboard.api_engagement, name="api-engagement"),
    path("contacts/", contacts.contact_list, name="contact-list"),
    path("contacts/export.csv", exports.contact_export_csv, name="contact-export-csv"),
    path("contacts/export.xlsx", exports.contact_export_xlsx, name="contact-export-xlsx"),
    path("contacts/new/", contacts.contact_create_view, name="contact-create"),
    path("contacts/<int:pk>/", contacts.contact_detail, name="contact-detail"),
    path("contacts/<int:pk>/edit/", contacts.contact_update_view, name="contact-update"),
    path("contacts/<int:pk>/delete/", contacts.contact_delete_view, name="contact-delete"),
    # Saved views and bulk actions of the contact list.
    path("contacts/bulk/", bulk.contact_bulk, name="contact-bulk"),
    path("contacts/views/new/", saved_views.saved_view_create_view, name="saved-view-create"),
    path("contacts/views/<int:pk>/", saved_views.saved_view_open, name="saved-view"),
    path(
        "contacts/views/<int:pk>/edit/",
        saved_views.saved_view_update_view,
        name="saved-view-update",
    ),
    path(
        "contacts/views/<int:pk>/delete/",
        saved_views.saved_view_delete_view,
        name="saved-view-delete",
    ),
    path("follow-ups/", contacts.follow_ups, name="follow-ups"),
    path("follow-ups/<int:pk>/done/", contacts.follow_up_done, name="follow-up-done"),
    path("api/sections/search/", contacts.section_search, name="section-search"),
    path("api/members/search/", contacts.member_search, name="member-search"),
    path("api/people/options.json", contacts.people_options, name="people-options"),
    path("events/", activity.event_list, name="event-list"),
    path("requests/<int:pk>/answer/", activity.request_answer_view, name="request-answer"),
    path("check-ins/", check_ins.check_ins, name="check-ins"),
    path("check-ins/<int:pk>/answer/", check_ins.check_in_answer, name="check-in-answer"),
    path("check-ins/<int:pk>/respond/", check_in_rounds.respond, name="check-in-respond"),
    path("check-ins/rounds/new/", check_in_rounds.round_create, name="check-in-round-create"),
    path("check-ins/rounds/<int:pk>/", check_in_rounds.round_detail, name="check-in-round"),
    path("resources/", resources.resource_list, name="resource-list"),
    path("resources/<int:pk>/download/", resources.resource_download, name="resource-download"),
    path(
        "check-ins/rounds/<int:pk>/close/", check_in_rounds.round_close, name="check-in-round-close"
    ),
    path(
        "check-ins/rounds/<int:pk>/answers.csv",
        check_in_rounds.round_answers_csv,
        name="check-in-round-answers-csv",
    ),
]

# The section and member pages keep their own URL namespaces ("sections:detail"): they are
# included under /sections/ and /members/ by config.urls.
section_urls = (
    [
        path("", sections.section_list, name="list"),
        path("<int:pk>/", sections.section_detail, name="detail"),
        path("<int:pk>/report/", sections.section_report, name="report"),
    ],
    "sections",
)
member_urls = (
    [
        path("", members.member_list, name="list"),
        path("<int:pk>/", members.member_detail, name="detail"),
        path("<int:pk>/report/", members.member_report, name="report"),
        path("people/<int:pk>/", members.person_detail, name="person-detail"),
    ],
    "members",
)
