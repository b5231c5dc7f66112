"""CI's dependency audit (.ci/audit.py) fails on a vulnerability with a fix, and only then."""

import importlib.util

from django.conf import settings

spec = importlib.util.spec_from_file_location("ci_audit", settings.BASE_DIR / ".ci" / "audit.py")
audit = importlib.util.module_from_spec(spec)
spec.loader.exec_module(audit)


def report(*dependencies) -> dict:
    return {"dependencies": list(dependencies), "fixes": []}


CLEAN = {"name": "django", "version": "5.2.19", "vulns": []}
FIXABLE = {
    "name": "sqlparse",
    "version": "0.4.0",
    "vulns": [{"id": "GHSA-xxxx", "fix_versions": ["0.4.4"], "aliases": []}],
}
UNFIXED = {
    "name": "somepkg",
    "version": "1.0",
    "vulns": [{"id": "PYSEC-1", "fix_versions": [], "aliases": []}],
}
SKIPPED = {"name": "asgiref", "skip_reason": "Dependency not found on PyPI"}


def test_a_vulnerability_with_a_fix_fails_and_names_the_fixed_release():
    code, lines = audit.verdict(report(CLEAN, FIXABLE))
    assert code == 1
    assert "  sqlparse 0.4.0: GHSA-xxxx, fixed in 0.4.4" in lines


def test_a_vulnerability_without_a_fix_is_printed_but_passes():
    code, lines = audit.verdict(report(CLEAN, UNFIXED))
    assert code == 0
    assert "  somepkg 1.0: PYSEC-1, no fixed release yet" in lines


def test_packages_not_checked_are_listed_and_fail_only_when_strict():
    code, lines = audit.verdict(report(CLEAN, SKIPPED))
    assert code == 0
    assert lines[0] == "pip-audit: 1 packages audited, 1 not checked."
    assert any(line.startswith("NOT CHECKED") for line in lines)
    assert audit.verdict(report(CLEAN, SKIPPED), strict=True)[0] == 1
