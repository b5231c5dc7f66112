"""``manage.py merge_sections KEEP MERGED [--dry-run]``: merge a duplicate section into
another; see campaigns.merge_services."""

from campaigns.management.merge_command import MergeCommand
from sections.models import Section


class Command(MergeCommand):
    help = "Move every record of section MERGED to KEEP, then delete MERGED."
    model = Section
    noun = "section"
