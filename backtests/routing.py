from __future__ import annotations

from django.urls import path

from backtests.consumers import BacktestConsumer

websocket_urlpatterns = [
    path("ws/backtests/<int:backtest_id>/", BacktestConsumer.as_asgi()),
]
