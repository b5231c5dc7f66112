from django import forms

from notifications.models import EmailPreferences


class EmailPreferencesForm(forms.ModelForm):
    class Meta:
        model = EmailPreferences
        fields = ["weekly_digest", "contact_notices", "check_in_reminders"]
