from django.urls import path

from members import views

app_name = "members"

urlpatterns = [
    path("", views.member_list, name="list"),
    path("<int:pk>/", views.member_detail, name="detail"),
    path("<int:pk>/report/", views.member_report, name="report"),
    path("people/<int:pk>/", views.person_detail, name="person-detail"),
]
