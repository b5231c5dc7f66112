"""The documented contracts stay true to the code: every filter parameter and value is on
docs/filters.md, every management command on docs/commands.md."""

from pathlib import Path

import pytest
from django.core.management import get_commands

from campaigns.contact_order import sort_choices
from campaigns.filtersets import ContactFilterSet, FollowUp
from campaigns.models import Contact
from core.regions import Region

DOCS = Path(__file__).resolve().parent.parent / "docs"


def test_filters_page_names_every_parameter_and_stored_value():
    text = (DOCS / "filters.md").read_text()
    values = [
        *(value for value, _label in Region.choices),
        *(value for value, _label in Contact.InitiatedBy.choices),
        *(value for value, _label in Contact.Formality.choices),
        *(value for value, _label in Contact.Channel.choices),
        *(value for value, _label in FollowUp.choices),
        *(value for value, _label in sort_choices() if not value.startswith("-")),
    ]

    missing = [f"`{name}`" for name in ContactFilterSet.base_filters if f"`{name}`" not in text]
    missing += [f"`{value}`" for value in values if f"`{value}`" not in text]

    assert missing == []


@pytest.mark.parametrize(
    "app",
    ["accounts", "campaigns", "members", "sections", "core", "notifications", "public"],
    ids=lambda app: app,
)
def test_commands_page_describes_every_command_of_the_project(app):
    text = (DOCS / "commands.md").read_text()
    ours = [name for name, owner in get_commands().items() if owner == app]

    assert [name for name in ours if f"`{name}" not in text] == []
