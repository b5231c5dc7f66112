"""Encryption and retention for ``manage.py backup`` and ``restore``.

Backups hold every person in the database, so they are written encrypted with age
(https://age-encryption.org) to public keys from ``BACKUP_AGE_RECIPIENT``: the server that
makes them can never read them back, and a copied or stolen file is useless without the
private key, which is kept off the server. ``pyrage`` implements age in-process; the files
are ordinary age files, so the ``age`` command decrypts them too (``age -d -i key.txt``).
"""

import re
from pathlib import Path

import pyrage
from django.core.management.base import CommandError
from pyrage import x25519

ENCRYPTED_SUFFIX = ".age"
# <UTC timestamp>.<dump|sqlite3>[.age], as `manage.py backup` names them: what retention counts.
BACKUP_NAME = re.compile(r"^\d{8}T\d{12}Z\.(dump|sqlite3)(\.age)?$")


def recipients(keys: list[str]) -> list:
    """age public keys (``age1…``) from the setting; a clear message for a malformed one."""
    parsed = []
    for key in keys:
        try:
            parsed.append(x25519.Recipient.from_str(key.strip()))
        except pyrage.RecipientError:
            raise CommandError(
                f"BACKUP_AGE_RECIPIENT holds {key[:12]!r}…, which is not an age public key (age1…)."
            ) from None
    return parsed


def identities(path: str) -> list:
    """The private keys in an age identity file (``age-keygen`` output; # lines are comments)."""
    try:
        lines = Path(path).read_text().splitlines()
    except OSError as error:
        raise CommandError(f"Cannot read the age identity file {path}: {error.strerror}.") from None
    keys = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    try:
        parsed = [x25519.Identity.from_str(key) for key in keys]
    except pyrage.IdentityError:
        parsed = []
    if not parsed:
        raise CommandError(f"{path} holds no age private key (AGE-SECRET-KEY-1…).")
    return parsed


def is_encrypted(path: Path) -> bool:
    return path.suffix == ENCRYPTED_SUFFIX


def kind_suffix(path: Path) -> str:
    """``.dump`` or ``.sqlite3``, whether or not the file is encrypted."""
    return Path(path.stem).suffix if is_encrypted(path) else path.suffix


def prune(folder: Path, keep: int) -> list[Path]:
    """Delete all but the ``keep`` newest backups in ``folder``; the names sort by time."""
    backups = sorted(path for path in folder.iterdir() if BACKUP_NAME.match(path.name))
    old = backups[:-keep] if keep > 0 else backups
    for path in old:
        path.unlink()
    return old
