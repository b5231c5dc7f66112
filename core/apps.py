from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The ground floor: what every other app builds on and nothing of theirs."""

    name = "core"
