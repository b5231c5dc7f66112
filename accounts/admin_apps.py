"""The app config that installs the tracker's admin site in place of Django's default one."""

from django.contrib.admin.apps import AdminConfig


class TrackerAdminConfig(AdminConfig):
    """Django's admin with the tracker's site, which logs the people its pages show."""

    default_site = "accounts.people_audit.TrackerAdminSite"
