"""Every kind of exchange file by its name, as the commands and the admin name them."""

from campaigns.exchange.columns import Kind
from campaigns.exchange.contacts import CONTACTS
from campaigns.exchange.organisations import MEMBERS, SECTIONS

KINDS: dict[str, Kind] = {kind.name: kind for kind in (MEMBERS, SECTIONS, CONTACTS)}
