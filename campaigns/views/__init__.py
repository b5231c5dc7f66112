"""Views of the campaigns app, one module per area: contacts, follow-ups, check-ins, the
dashboard and the campaign page, exports."""
