"""``{{ member|shown_name:personal_data }}``: a member's name as the reader may see it, and
``{{ member|identified:personal_data }}``: whether the facts that single it out may show.

Templates cannot pass keyword arguments, and every place a member's name is shown must go
through ``MemberOrganisation.display_name``; ``personal_data`` comes from the base context.
"""

from django import template

register = template.Library()


@register.filter
def shown_name(member, personal_data) -> str:
    if member is None:
        return ""
    return member.display_name(personal_data=bool(personal_data))


@register.filter
def identified(member, personal_data) -> bool:
    return member is not None and member.identified(personal_data=bool(personal_data))
