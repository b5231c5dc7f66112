"""What the tracker's model admins share."""

from django.core.exceptions import FieldDoesNotExist

from core.ids import as_id


class QueryInitialMixin:
    """The admin fills an add form from its query string (``?campaign=3``, how "add another"
    links preselect a parent) and hands the text to the form as is: a relation given
    something that is no id (``?campaign=x``, "²", or past any database id) broke the page.
    Such a value is dropped; the form opens without it."""

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        for name, value in list(initial.items()):
            try:
                field = self.opts.get_field(name)
            except FieldDoesNotExist:
                continue
            values = value if isinstance(value, list) else [value]
            if field.is_relation and any(as_id(v) is None for v in values):
                del initial[name]
        return initial
