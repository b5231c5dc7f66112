"""The fast selects write exactly what Django's own select templates write, and the pickers'
options what a template loop would."""

import pytest
from django import forms
from django.template import Context, Template

from campaigns.filtersets import ContactFilterSet
from campaigns.widgets import FastSelect, FastSelectMultiple, option_tags, with_fast_selects
from tests.factories import MemberFactory, SectionFactory


class Choices(forms.Form):
    one = forms.ChoiceField(
        choices=[("", "---"), ("a&b", 'A "quoted" <name>'), ("c", "C")], required=False
    )
    grouped = forms.ChoiceField(
        choices=[("Group <1>", [("x", "X"), ("y", "Y")]), ("z", "Z")],
        widget=forms.Select(attrs={"class": "wide", "data-flag": True}),
    )
    many = forms.MultipleChoiceField(choices=[(1, "One"), (2, "Two"), (3, "Three")])


def _pairs(form):
    fast = with_fast_selects(form.__class__(data=form.data))
    return [(str(form[name]), str(fast[name])) for name in form.fields]


def test_fast_selects_match_django_for_plain_grouped_and_multiple_choices():
    form = Choices(data={"one": "a&b", "grouped": "y", "many": ["1", "3"]})

    for django_html, fast_html in _pairs(form):
        assert fast_html == django_html


def test_fast_selects_match_django_with_errors_and_nothing_selected():
    form = Choices(data={"grouped": "nope"})
    form.is_valid()

    for django_html, fast_html in _pairs(form):
        assert fast_html == django_html


@pytest.mark.django_db
def test_filter_form_renders_the_same_with_fast_selects():
    section, member = SectionFactory(), MemberFactory()
    data = {"section": [str(section.pk)], "member": [str(member.pk)], "region": "europe"}
    plain = ContactFilterSet(data=data).form
    fast = with_fast_selects(ContactFilterSet(data=data).form)

    assert isinstance(fast.fields["section"].widget, FastSelectMultiple)
    assert isinstance(fast.fields["region"].widget, FastSelect)
    for name in plain.fields:
        assert str(fast[name]) == str(plain[name])
    assert "selected" in str(fast["member"])


def test_picker_options_match_a_template_loop_and_escape_names():
    options = [(3, 'AI "Sweden" <b>'), (12, "Rose & Alliance")]
    loop = Template(
        '{% for pk, name in options %}<option value="{{ pk }}">{{ name }}</option>{% endfor %}'
    ).render(Context({"options": options}))

    assert option_tags(options) == loop
    assert "<b>" not in option_tags(options)
