from __future__ import annotations

from django import forms

from projects.models import Collaborator
from projects.services import PROJECT_TEMPLATES


class ProjectCreateForm(forms.Form):
    name = forms.CharField(
        max_length=200,
        help_text="Letters, numbers, spaces, - and _; use / to put it in a directory.",
    )
    template = forms.ChoiceField(
        choices=[(t.key, t.label) for t in PROJECT_TEMPLATES.values()],
        initial="sma_crossover",
        widget=forms.RadioSelect,
    )
    description = forms.CharField(
        required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ProjectEditForm(forms.Form):
    name = forms.CharField(max_length=200)
    description = forms.CharField(
        required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class CollaboratorForm(forms.Form):
    user = forms.TypedChoiceField(coerce=int, label="Member")
    access = forms.ChoiceField(
        choices=Collaborator.Access.choices, initial=Collaborator.Access.READ
    )

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].choices = [(u.id, f"{u.name} ({u.email})") for u in members]
