"""What ``merge_members`` and ``merge_sections`` share: ids in, a one-line error or the list
of what moved (or would move, with ``--dry-run``) out."""

import getpass

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import models

from campaigns.merge_services import MergePlan, merge_plan, merge_records


class MergeCommand(BaseCommand):
    model: type[models.Model]  # MemberOrganisation or Section
    noun = ""  # "member organisation"

    def add_arguments(self, parser):
        parser.add_argument("keep", type=int, help=f"id of the {self.noun} to keep")
        parser.add_argument("merged", type=int, help=f"id of the {self.noun} merged into it")
        parser.add_argument(
            "--dry-run", action="store_true", help="List what would move; change nothing."
        )

    def _get(self, pk: int):
        record = self.model._base_manager.filter(pk=pk).first()
        if record is None:
            raise CommandError(f"No {self.noun} with id {pk}.")
        return record

    def _write(self, plan: MergePlan, verb: str) -> None:
        for move in plan.moves:
            line = f"{verb} {move.rows} {move.label} ({move.relation})"
            if move.duplicates:
                line += f"; {move.duplicates} link(s) the kept one already has dropped"
            self.stdout.write(line)

    def handle(self, *args, keep: int, merged: int, dry_run: bool, **options):
        kept, gone = self._get(keep), self._get(merged)
        try:
            if dry_run:
                plan = merge_plan(keep=kept, merged=gone)
                self._write(plan, "Would move")
                for clash in plan.clashes:
                    self.stdout.write(f"Would refuse: {clash}")
                self.stdout.write(f"Dry run: nothing changed ({plan.rows} row(s) would move).")
                return
            plan = merge_records(keep=kept, merged=gone, operator=getpass.getuser())
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self._write(plan, "Moved")
        self.stdout.write(f"Merged {self.noun} #{merged} into #{keep}; #{merged} is deleted.")
