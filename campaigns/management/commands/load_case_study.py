"""`python manage.py load_case_study [--refresh]`: the NSWP case study's facts, safe to run
again. Records edited since they were loaded are kept as edited unless `--refresh` is given."""

from django.core.management.base import BaseCommand

from campaigns.case_study import load_case_study
from core.progress import Progress


class Command(BaseCommand):
    help = "Load the facts of NSWP's case study on Amnesty International's 2015 resolution."

    def add_arguments(self, parser):
        parser.add_argument(
            "--refresh",
            action="store_true",
            help="Re-apply the text's values to loaded records that were edited since.",
        )

    def handle(self, *args, **options):
        progress = Progress.for_command(self.stderr, options["verbosity"])
        for model, tally in load_case_study(refresh=options["refresh"], progress=progress).items():
            self.stdout.write(
                f"{model._meta.verbose_name_plural.capitalize()}: {tally.created} created, "
                f"{tally.updated} updated, {tally.unchanged} unchanged, "
                f"{tally.kept} kept as edited, {model.objects.count()} in the database"
            )
