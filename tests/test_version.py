"""The version in the page footer is the package's, so a release bumps it in one place."""

import importlib.metadata
import tomllib

from django.conf import settings


def test_version_comes_from_the_package_metadata():
    with (settings.BASE_DIR / "pyproject.toml").open("rb") as pyproject:
        declared = tomllib.load(pyproject)["project"]["version"]
    assert settings.VERSION == importlib.metadata.version("nswp-tracker") == declared


def test_version_falls_back_to_pyproject_when_the_package_is_not_installed(monkeypatch):
    from config import settings as settings_module

    def not_installed(name):
        raise importlib.metadata.PackageNotFoundError(name)

    monkeypatch.setattr(importlib.metadata, "version", not_installed)
    assert settings_module._version() == settings.VERSION
