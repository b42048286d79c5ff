"""`manage.py check` warns when user code cannot be isolated here (or isolation is switched off)."""

from __future__ import annotations

from django.core.checks import Warning, register


@register()
def sandbox_check(app_configs, **kwargs) -> list[Warning]:
    from qcweb.sandbox import availability

    state = availability()
    if state.mode == "unsafe":
        return [
            Warning(
                "User code runs without isolation.",
                hint=state.detail + " Unset QCWEB_UNSAFE_NO_SANDBOX on a shared installation.",
                id="qcweb.W001",
            )
        ]
    if state.mode == "unavailable":
        return [Warning("Backtests cannot run here.", hint=state.detail, id="qcweb.W002")]
    return []
