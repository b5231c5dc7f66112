"""``/api/v1/``: the REST API, its schema and the page that draws it."""

from django.urls import path

from api import views

app_name = "api"

router = views.Router()
router.register("contacts", views.ContactViewSet, basename="contact")
router.register("sections", views.SectionViewSet, basename="section")
router.register("members", views.MemberViewSet, basename="member")
router.register("people", views.PersonViewSet, basename="person")
router.register("strategies", views.StrategyViewSet, basename="strategy")
router.register("milestones", views.MilestoneViewSet, basename="milestone")
router.register("petitions", views.PetitionViewSet, basename="petition")
router.register("check-ins", views.CheckInViewSet, basename="check-in")

urlpatterns = [
    path(
        "contacts/export.ndjson",
        views.ContactExportView.as_view(),
        name="contact-export-ndjson",
    ),
    path("engagement/", views.EngagementView.as_view(), name="engagement"),
    path("schema/", views.SchemaView.as_view(), name="schema"),
    path("docs/", views.docs, name="docs"),
    *router.urls,
]
