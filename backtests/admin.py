from __future__ import annotations

from django.contrib import admin

from backtests.models import Backtest


@admin.register(Backtest)
class BacktestAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "project",
        "organization",
        "status",
        "net_profit",
        "sharpe_ratio",
        "created",
    )
    list_filter = ("status",)
    search_fields = ("name", "backtest_id", "project__name", "organization__name")
    raw_id_fields = ("project", "organization", "created_by")
    readonly_fields = (
        "backtest_id",
        "fingerprint",
        "engine_version",
        "data_fingerprint",
        "snapshot",
    )
