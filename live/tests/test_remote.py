"""Deploying from the REST API's request (`live.services.remote`): the default replay start, the
Paper Trading settings, notification targets and the node choice."""

from __future__ import annotations

from datetime import date

import pytest

from accounts.models import Node
from live.services import DeployError
from live.services.remote import (
    default_replay_start,
    intraday_dates,
    notification_targets,
    paper_trading_account,
    resolve_node,
)

pytestmark = pytest.mark.django_db


def test_the_default_replay_starts_on_the_first_day_with_data_of_the_last_week(live_data, tmp_path):
    assert intraday_dates(live_data) == {date(2024, 1, d) for d in (2, 3, 4, 5)}
    assert default_replay_start(live_data) == date(2024, 1, 2)
    with pytest.raises(DeployError, match="no intraday data"):
        default_replay_start(tmp_path)


def test_paper_trading_settings_as_the_lean_cli_sends_them():
    cash, holdings = paper_trading_account(
        {
            "id": "QuantConnectBrokerage",
            "cash": [{"currency": "USD", "amount": 100.0}, {"currency": "EUR", "amount": "5"}],
            "holdings": [{"symbolId": "AAPL R735QTJ8XC9X", "quantity": 2, "averagePrice": 150.1}],
        }
    )
    assert cash == {"USD": 100.0, "EUR": 5.0}
    assert holdings == [{"symbol": "AAPL", "quantity": 2.0, "averagePrice": 150.1}]
    assert paper_trading_account({"id": "PaperTrading", "cash": {"USD": 7}}) == ({"USD": 7.0}, [])
    for bad, message in (
        (None, "brokerage is required"),
        ({"id": ""}, "brokerage.id is required"),
        ({"id": "OandaBrokerage"}, "Paper Trading only"),
        ({"id": "PaperTrading", "cash": "lots"}, "brokerage.cash must be a list"),
        ({"id": "PaperTrading", "cash": [{"currency": "USD", "amount": "x"}]}, "must be a number"),
        ({"id": "PaperTrading", "holdings": [{"quantity": 1}]}, "symbol, averagePrice required"),
    ):
        with pytest.raises(DeployError, match=message):
            paper_trading_account(bad)


def test_notification_targets_of_each_kind():
    targets = notification_targets(
        {
            "events": ["orderEvent"],
            "targets": [
                {"address": "a@example.com", "subject": "s"},
                {"address": "https://hook.example.com", "headers": {"X": "1"}},
                {"phoneNumber": "+15550100"},
                {"id": "123", "token": None},
            ],
        }
    )
    assert [t["type"] for t in targets] == ["email", "webhook", "sms", "telegram"]
    assert targets[1]["headers"] == {"X": "1"}
    with pytest.raises(DeployError, match="notification.targets\\[0\\]"):
        notification_targets({"targets": [{"what": 1}]})


def test_the_node_by_id_or_name_else_a_free_live_node(organization, outsider):
    from accounts.selectors import personal_organization

    with pytest.raises(DeployError, match="no free live node"):
        resolve_node(organization, None)
    live = Node.objects.create(
        organization=organization, kind=Node.Kind.LIVE, model="L-MICRO", name="L-1"
    )
    assert resolve_node(organization, None) == live
    assert resolve_node(organization, str(live.id)) == live
    assert resolve_node(organization, "L-1") == live
    elsewhere = Node.objects.create(
        organization=personal_organization(outsider),
        kind=Node.Kind.LIVE,
        model="L-MICRO",
        name="L-9",
    )
    with pytest.raises(DeployError, match=f"nodeId {elsewhere.id}: no such node"):
        resolve_node(organization, str(elsewhere.id))
