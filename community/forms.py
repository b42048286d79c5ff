from __future__ import annotations

from django import forms


class DiscussionForm(forms.Form):
    title = forms.CharField(max_length=200)
    body = forms.CharField(
        max_length=50_000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="Markdown. Fence code with ```python. Mention someone with @Name or @[Full Name].",
    )
    tags = forms.CharField(
        max_length=200,
        required=False,
        help_text="Up to 5, separated by commas: e.g. indicators, options",
    )


class ReplyForm(forms.Form):
    body = forms.CharField(max_length=50_000, widget=forms.Textarea(attrs={"rows": 6}))


class BacktestChoiceForm(forms.Form):
    """The optional "Attach backtest" select: the user's completed backtests."""

    backtest = forms.TypedChoiceField(coerce=int, required=False, empty_value=None)

    def __init__(self, *args, backtests=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["backtest"].choices = [("", "No backtest")] + [
            (b.id, f"{b.project.name} / {b.name}") for b in backtests
        ]


class PostEditForm(forms.Form):
    title = forms.CharField(max_length=200, required=False)
    body = forms.CharField(max_length=50_000, widget=forms.Textarea(attrs={"rows": 10}))


class FlagForm(forms.Form):
    reason = forms.CharField(max_length=500)
