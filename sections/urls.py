from django.urls import path

from sections import views

app_name = "sections"

urlpatterns = [
    path("", views.section_list, name="list"),
    path("<int:pk>/", views.section_detail, name="detail"),
    path("<int:pk>/report/", views.section_report, name="report"),
]
