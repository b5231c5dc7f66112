"""Audit the pinned dependencies (requirements/constraints.txt) with pip-audit.

Fails on a known vulnerability that a newer release fixes: bump that pin (Dependabot usually
proposes it). A vulnerability with no fixed release yet is printed but does not fail, since no
pin change could clear it; it needs a decision (docs/decisions.md) instead. Packages that the
vulnerability service could not answer for are listed as not checked; with
``PIP_AUDIT_STRICT=1`` they fail the run too.

Usage: .venv/bin/python .ci/audit.py [requirements file]
"""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path


def verdict(report: dict, strict: bool = False) -> tuple[int, list[str]]:
    """The exit code and the lines to print for pip-audit's JSON report."""
    fixable, unfixed, skipped, audited = [], [], [], 0
    for dependency in report.get("dependencies", []):
        if "skip_reason" in dependency:
            skipped.append(f"  {dependency['name']}: {dependency['skip_reason']}")
            continue
        audited += 1
        for vuln in dependency.get("vulns", []):
            line = f"  {dependency['name']} {dependency['version']}: {vuln['id']}"
            if vuln.get("fix_versions"):
                fixable.append(f"{line}, fixed in {', '.join(vuln['fix_versions'])}")
            else:
                unfixed.append(f"{line}, no fixed release yet")
    lines = [f"pip-audit: {audited} packages audited, {len(skipped)} not checked."]
    if fixable:
        lines += ["Known vulnerabilities with a fix (bump these pins):", *fixable]
    if unfixed:
        lines += ["Known vulnerabilities without a fix (not failing):", *unfixed]
    if skipped:
        lines += ["NOT CHECKED (the vulnerability service did not answer for them):", *skipped]
    failed = bool(fixable) or (strict and bool(skipped))
    return (1 if failed else 0), lines


def main() -> int:
    requirements = sys.argv[1] if len(sys.argv) > 1 else "requirements/constraints.txt"
    pip_audit = Path(sys.executable).parent / "pip-audit"
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / "audit.json"
        result = subprocess.run(
            [
                str(pip_audit),
                "--requirement",
                requirements,
                # Every package is pinned: audit exactly these versions, resolving nothing.
                "--no-deps",
                "--disable-pip",
                "--format",
                "json",
                "--progress-spinner",
                "off",
                "--output",
                str(output),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        if not output.exists():
            print(result.stderr.strip() or f"pip-audit exited with {result.returncode}")
            return 2
        report = json.loads(output.read_text())
    code, lines = verdict(report, strict=os.environ.get("PIP_AUDIT_STRICT") == "1")
    print("\n".join(lines))
    return code


if __name__ == "__main__":
    sys.exit(main())
