"""`python manage.py load_case_study`: the NSWP case study's facts, safe to run again."""

from django.core.management.base import BaseCommand

from campaigns.case_study import load_case_study


class Command(BaseCommand):
    help = "Load the facts of NSWP's case study on Amnesty International's 2015 resolution."

    def handle(self, *args, **options):
        for model, tally in load_case_study().items():
            self.stdout.write(
                f"{model._meta.verbose_name_plural.capitalize()}: {tally.created} created, "
                f"{tally.updated} updated, {tally.unchanged} unchanged, "
                f"{model.objects.count()} in the database"
            )
