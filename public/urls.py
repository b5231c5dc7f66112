from django.urls import path

from public import views

app_name = "public"

urlpatterns = [
    path("", views.page, name="page"),
    path("numbers.json", views.numbers_json, name="numbers-json"),
    path("numbers.csv", views.numbers_csv, name="numbers-csv"),
    path("switch/", views.switch, name="switch"),
]
