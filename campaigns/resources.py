"""The admin's CSV import (django-import-export), with the command line's rules.

django-import-export gives the upload, the preview and the confirm step. What a file means is
decided by ``campaigns.imports`` alone: the same reading (UTF-8 with or without BOM, comma or
semicolon), the same column contracts, the same validation and the same answers (update by
name, skip contacts already present). Each resource plans the whole file before the first row
and then only hands import-export the planned values, so the preview shows exactly what the
command line would do, and a file with any problem cannot be confirmed.
"""

import copy
from collections import defaultdict

import tablib
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import resources
from import_export.admin import ImportMixin
from import_export.formats import base_formats

from campaigns import imports
from campaigns.models import Contact
from members.models import MemberOrganisation
from sections.models import Section


class LinedDataset(tablib.Dataset):
    """A dataset that remembers the file line each row starts on, for the error report."""

    lines: list[int]


class TrackerCSV(base_formats.CSV):
    """CSV read by ``campaigns.imports.read_csv``: the file's bytes, not the admin's decoding."""

    def is_binary(self) -> bool:
        return True

    def get_read_mode(self) -> str:
        return "rb"

    def create_dataset(self, in_stream, **kwargs) -> LinedDataset:
        data = in_stream if isinstance(in_stream, bytes) else in_stream.encode()
        header, rows = imports.read_csv(data)
        width = len(header)
        too_long = [
            imports.Problem(line, _("(row)"), _("more cells than header columns"))
            for line, cells in rows
            if any(cell.strip() for cell in cells[width:])
        ]
        if too_long:
            raise imports.ImportRejected(too_long)
        dataset = LinedDataset()
        for _line, cells in rows:
            dataset.append((cells + [""] * width)[:width])
        # Set after the rows: tablib checks a row's width against the headers on append.
        dataset.headers = header
        dataset.lines = [line for line, _cells in rows]
        return dataset


class PlannedResource(resources.ModelResource):
    """Plans the whole dataset in ``before_import``; rows then only carry out the plan."""

    kind: str

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._planned: dict[int, imports.PlannedRow] = {}
        self._problems: dict[int, list[imports.Problem]] = defaultdict(list)
        self._lines: list[int] = []
        self._line = 0

    def before_import(self, dataset, **kwargs):
        self._lines = getattr(dataset, "lines", None) or list(range(2, len(dataset) + 2))
        rows = [
            (line, ["" if value is None else str(value) for value in row])
            for line, row in zip(self._lines, dataset, strict=True)
        ]
        plan = imports.plan_file(self.kind, list(dataset.headers), rows, user=kwargs.get("user"))
        header_problems = [str(p) for p in plan.problems if p.line == 1]
        if header_problems:
            raise ValidationError(header_problems)
        for problem in plan.problems:
            self._problems[problem.line].append(problem)
        self._planned = plan.by_line()

    def before_import_row(self, row, **kwargs):
        self._line = self._lines[kwargs["row_number"] - 1]

    def get_or_init_instance(self, instance_loader, row):
        planned = self._planned.get(self._line)
        if planned is not None and planned.action == "update":
            return copy.copy(planned.original), False
        return self._meta.model(), True

    def import_instance(self, instance, row, **kwargs):
        problems = self._problems.get(self._line)
        if problems:
            errors: dict[str, list[str]] = defaultdict(list)
            for problem in problems:
                errors[problem.column].append(str(problem))
            raise ValidationError(dict(errors))
        planned = self._planned[self._line]
        for model_field in self._meta.model._meta.concrete_fields:
            setattr(instance, model_field.attname, getattr(planned.instance, model_field.attname))

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if import_validation_errors:
            return False
        planned = self._planned.get(self._line)
        return planned is None or planned.action == "skip"


class MemberResource(PlannedResource):
    kind = "members"

    class Meta:
        model = MemberOrganisation
        fields = list(imports.MEMBER_COLUMNS)
        clean_model_instances = False


class SectionResource(PlannedResource):
    kind = "sections"

    class Meta:
        model = Section
        fields = ["name", "country", "region", "kind", "website", "stance", "stance_note"]
        clean_model_instances = False


class ContactResource(PlannedResource):
    kind = "contacts"

    class Meta:
        model = Contact
        fields = [
            "date",
            "section",
            "member",
            "initiated_by",
            "formality",
            "channel",
            "strategy",
            "summary",
            "outcome",
            "follow_up",
            "follow_up_date",
            "participants",
            "hours",
            "hours_paid",
        ]
        clean_model_instances = False


class CsvImportMixin(ImportMixin):
    """The admin's import button, for CSV files read and checked as the command line does."""

    import_formats = [TrackerCSV]

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, imports.ImportRejected):
            for problem in e.problems:
                form.add_error("import_file", str(problem))
            return
        form.add_error("import_file", _("The file could not be read as CSV."))
