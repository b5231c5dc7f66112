"""``manage.py merge_members KEEP MERGED [--dry-run]``: merge a member organisation into
another (a placeholder into the real one); see campaigns.merge_services."""

from campaigns.management.merge_command import MergeCommand
from members.models import MemberOrganisation


class Command(MergeCommand):
    help = "Move every record of member organisation MERGED to KEEP, then delete MERGED."
    model = MemberOrganisation
    noun = "member organisation"
