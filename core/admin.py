"""What the tracker's model admins share."""

from django.core.exceptions import FieldDoesNotExist, ValidationError

from core.ids import as_id


class QueryInitialMixin:
    """The admin fills an add form from its query string (``?campaign=3``, how "add another"
    links preselect a parent) and hands the text to the form as is: a relation given
    something that is no id (``?campaign=x``, "²", or past any database id), or a date and
    time given any text at all, broke the page. Each value is read as its form field reads
    input; one that does not read is dropped, and the form opens without it."""

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        for name, value in list(initial.items()):
            try:
                field = self.opts.get_field(name)
            except FieldDoesNotExist:
                continue
            if field.is_relation:
                values = value if isinstance(value, list) else [value]
                if any(as_id(v) is None for v in values):
                    del initial[name]
                continue
            form_field = field.formfield()
            if form_field is None:
                continue
            try:
                initial[name] = form_field.to_python(value)
            except ValidationError:
                del initial[name]
        return initial
