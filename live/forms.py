"""The live pages' forms: the Deploy Live wizard (QuantConnect Paper Trading), update, and the
manual trading forms (Add Security, Create Order)."""

from __future__ import annotations

import json
from typing import Any

from django import forms

from live.services.builtins import ORDER_TYPES, RESOLUTIONS, SECURITY_TYPES
from live.services.deploy import MAX_SPEED


class DeployForm(forms.Form):
    node = forms.TypedChoiceField(coerce=int, label="Live node")
    feed = forms.ChoiceField(
        label="Data feed",
        choices=[
            ("replay", "Replay of recorded data (from a date, at a speed)"),
            ("folder", "Live folder feed (bars written into the organization's feed folder)"),
        ],
        initial="replay",
        required=False,  # a form without it (an older page, a script) replays
    )
    replay_start = forms.DateField(
        label="Replay data from",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    replay_speed = forms.FloatField(
        label="Replay speed (x real time)", min_value=0.001, max_value=MAX_SPEED, initial=60
    )
    cash = forms.CharField(
        label="Starting cash (CURRENCY=AMOUNT, one a line; empty: the algorithm's own)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    holdings = forms.CharField(
        label="Starting holdings (TICKER QUANTITY AVERAGE_PRICE, one a line)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    automatic_restart = forms.BooleanField(label="Automatic restart", required=False, initial=True)
    notify_email = forms.EmailField(label="Notify by email", required=False)
    notify_webhook = forms.URLField(
        label="Notify by webhook", required=False, assume_scheme="https"
    )
    notify_sms = forms.RegexField(
        label="Notify by SMS (phone number, +1 ... for the US and Canada)",
        regex=r"^\+?[0-9][0-9 ().-]{5,24}$",
        required=False,
    )
    notify_telegram = forms.RegexField(
        label="Notify on Telegram (user or group id)",
        regex=r"^(-?\d{1,20}|@[A-Za-z0-9_]{4,64})$",
        required=False,
    )
    notify_telegram_token = forms.CharField(
        label="Telegram bot token (empty: the server's bot)", required=False, max_length=200
    )
    notify_order_events = forms.BooleanField(
        label="Also notify these targets of order events (they count toward the hourly quota)",
        required=False,
    )

    def __init__(self, *args: Any, nodes: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["node"].choices = [
            (n.id, f"{n.name} ({n.model})" + (" - busy" if getattr(n, "busy", False) else ""))
            for n in nodes
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        data["feed"] = data.get("feed") or "replay"
        if data["feed"] == "replay" and not data.get("replay_start"):
            self.add_error("replay_start", "Choose the date the replay starts from.")
        return data

    def clean_cash(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for line in self.cleaned_data["cash"].splitlines():
            if not line.strip():
                continue
            if "=" not in line:
                raise forms.ValidationError(f"Write CURRENCY=AMOUNT, not {line.strip()!r}.")
            code, amount = line.split("=", 1)
            out[code.strip()] = amount.strip()
        return out

    def clean_holdings(self) -> list[dict[str, str]]:
        out = []
        for line in self.cleaned_data["holdings"].splitlines():
            parts = line.split()
            if not parts:
                continue
            if len(parts) != 3:
                raise forms.ValidationError(
                    f"Write TICKER QUANTITY AVERAGE_PRICE, not {line.strip()!r}."
                )
            out.append({"symbol": parts[0], "quantity": parts[1], "averagePrice": parts[2]})
        return out

    def targets(self) -> list[dict[str, str]]:
        data = self.cleaned_data
        targets = []
        if data.get("notify_email"):
            targets.append({"type": "email", "address": data["notify_email"]})
        if data.get("notify_webhook"):
            targets.append({"type": "webhook", "address": data["notify_webhook"]})
        if data.get("notify_sms"):
            targets.append({"type": "sms", "address": data["notify_sms"]})
        if data.get("notify_telegram"):
            target = {"type": "telegram", "address": data["notify_telegram"]}
            if data.get("notify_telegram_token"):
                target["token"] = data["notify_telegram_token"]
            targets.append(target)
        if data.get("notify_order_events"):
            for target in targets:
                target["events"] = ["orders"]
        return json.loads(json.dumps(targets))


class UpdateForm(forms.Form):
    """The settings an update changes (the same code runs again with them)."""

    parameters = forms.CharField(
        label="Parameters (NAME=VALUE, one a line)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    cash = DeployForm.base_fields["cash"]
    holdings = DeployForm.base_fields["holdings"]

    clean_cash = DeployForm.clean_cash
    clean_holdings = DeployForm.clean_holdings

    @staticmethod
    def initial_for(deployment: Any) -> dict[str, str]:
        return {
            "parameters": "\n".join(f"{k}={v}" for k, v in sorted(deployment.parameters.items())),
            "cash": "\n".join(f"{k}={v:g}" for k, v in sorted(deployment.starting_cash.items())),
            "holdings": "\n".join(
                f"{h['symbol']} {h['quantity']:g} {h['averagePrice']:g}"
                for h in deployment.starting_holdings
            ),
        }

    def clean_parameters(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for line in self.cleaned_data["parameters"].splitlines():
            if not line.strip():
                continue
            if "=" not in line:
                raise forms.ValidationError(f"Write NAME=VALUE, not {line.strip()!r}.")
            name, value = line.split("=", 1)
            if not name.strip():
                raise forms.ValidationError(f"A parameter needs a name: {line.strip()!r}.")
            out[name.strip()] = value.strip()
        return out


def _choices(names: tuple[str, ...]) -> list[tuple[str, str]]:
    return [(n, n) for n in names]


class AddSecurityForm(forms.Form):
    """ "Add Security" of the live page (LEAN's AddSecurityCommand fields)."""

    symbol = forms.CharField(label="Symbol", max_length=40)
    security_type = forms.ChoiceField(
        label="Security type", choices=_choices(SECURITY_TYPES), initial="Equity"
    )
    resolution = forms.ChoiceField(
        label="Resolution", choices=_choices(RESOLUTIONS), initial="Minute"
    )
    leverage = forms.FloatField(
        label="Leverage (0: the security type's default)", min_value=0, initial=0, required=False
    )
    market = forms.CharField(label="Market", max_length=20, initial="usa")
    fill_forward = forms.BooleanField(label="Fill forward", required=False, initial=True)
    extended_market_hours = forms.BooleanField(label="Extended market hours", required=False)


class ManualOrderForm(forms.Form):
    """ "Create Order" of the live page (LEAN's OrderCommand fields)."""

    symbol = forms.CharField(label="Symbol", max_length=40)
    quantity = forms.FloatField(label="Quantity (negative sells)")
    order_type = forms.ChoiceField(
        label="Order type", choices=_choices(ORDER_TYPES), initial="Market"
    )
    limit_price = forms.FloatField(label="Limit price", required=False, min_value=0)
    stop_price = forms.FloatField(label="Stop price", required=False, min_value=0)
    security_type = forms.ChoiceField(
        label="Security type", choices=_choices(SECURITY_TYPES), initial="Equity"
    )
    market = forms.CharField(label="Market", max_length=20, initial="usa")
    tag = forms.CharField(label="Tag", max_length=100, required=False)
