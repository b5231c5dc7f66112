"""The OpenAPI description of the engagement JSON (its keys are documented in docs/api.md).

Top-level keys and their kinds are the contract; the nested objects are described as objects
so that the description cannot drift from ``campaigns.engagement`` without a test noticing
(the schema test validates real responses against it).
"""

_OBJECT = {"type": "object", "additionalProperties": True}
_LIST = {"type": "array", "items": _OBJECT}

ENGAGEMENT_SCHEMA = {
    "type": "object",
    "required": [
        "filters",
        "headline",
        "by_region",
        "by_channel",
        "by_month",
        "matrix",
        "map",
        "campaign",
        "goals",
        "strategies",
        "petitions",
        "milestones",
        "endorsements",
    ],
    "properties": {
        "filters": {**_OBJECT, "description": "The filters in effect, canonical."},
        "headline": {
            "type": "object",
            "required": ["contacts", "sections_engaged", "members_engaged"],
            "properties": {
                "contacts": {"type": "integer"},
                "sections_engaged": {"type": "integer"},
                "sections_total": {"type": "integer"},
                "members_engaged": {"type": "integer"},
                "members_total": {"type": "integer"},
                "formality": _OBJECT,
                "initiated_by": _OBJECT,
                "hours": _OBJECT,
                "follow_ups": _OBJECT,
                "check_ins": _OBJECT,
            },
        },
        "by_region": _LIST,
        "by_channel": _LIST,
        "by_month": _LIST,
        "matrix": {
            "type": "object",
            "required": ["sections", "members", "cells"],
            "properties": {
                "sections": _LIST,
                "members": _LIST,
                "cells": {
                    "type": "array",
                    "items": {"type": "array", "items": {"type": "integer"}},
                    "description": "[section_id, member_id, contacts], one per pair with any.",
                },
            },
        },
        "map": _LIST,
        "campaign": {**_OBJECT, "nullable": True},
        "goals": _LIST,
        "strategies": _LIST,
        "petitions": _LIST,
        "milestones": _LIST,
        "endorsements": _LIST,
    },
}
