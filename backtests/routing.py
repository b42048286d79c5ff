from __future__ import annotations

from django.urls import path

from backtests.consumers import BacktestConsumer
from backtests.optimization.consumers import OptimizationConsumer

websocket_urlpatterns = [
    path("ws/backtests/<int:backtest_id>/", BacktestConsumer.as_asgi()),
    path(
        "ws/optimizations/<int:optimization_id>/",
        OptimizationConsumer.as_asgi(),
    ),
]
