"""Creates the four role groups with their model permissions."""

from django.db import migrations

ROLES = {
    "secretariat admin": None,  # every permission
    "secretariat staff": {
        "campaigns": ["contact", "checkin", "milestone", "petition", "supportercount",
                      "endorsement", "strategy", "goal", "campaign"],
        "members": ["memberorganisation", "person"],
        "sections": ["section"],
    },
    "member focal point": {"campaigns": [("contact", ["add", "change", "view", "delete"])]},
    "viewer": {},
}


def create_roles(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, grants in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        if grants is None:
            group.permissions.set(Permission.objects.all())
            continue
        permissions = []
        for app_label, models in grants.items():
            for entry in models:
                model, actions = entry if isinstance(entry, tuple) else (entry, None)
                found = Permission.objects.filter(
                    content_type__app_label=app_label, content_type__model=model
                )
                if actions:
                    found = found.filter(codename__in=[f"{a}_{model}" for a in actions])
                permissions.extend(found)
        group.permissions.set(permissions)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_initial"),
        ("campaigns", "0001_initial"),
        ("members", "0001_initial"),
        ("sections", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
