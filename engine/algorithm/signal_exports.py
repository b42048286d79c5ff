"""Signal exports (Common/Algorithm/Framework/Portfolio/SignalExports/).

``self.signal_export`` holds the export providers an algorithm registers. As in LEAN, portfolio
targets are only sent in live mode: a backtest logs "Portfolio targets are only sent in live mode"
once and reports success. The providers (Collective2, CrunchDAO, Numerai, vBase) deliver targets
to their web APIs; this engine has no network access to them, so in a live run ``send`` fails with
an error naming the provider instead of pretending to deliver. A user-written provider (any object
with ``send(parameters) -> bool``) is called as it is.
"""

from __future__ import annotations

import hashlib
from typing import Any


class SignalExportTargetParameters:
    """What a provider's ``send`` receives: ``targets`` and ``algorithm``."""

    def __init__(self, targets: list[Any], algorithm: Any) -> None:
        self.targets = targets
        self.algorithm = algorithm

    Targets = property(lambda self: self.targets)
    Algorithm = property(lambda self: self.algorithm)


class BaseSignalExport:
    """A provider reached through its web API (``name``, ``destination``)."""

    name = "signal export"
    destination = ""

    def send(self, parameters: SignalExportTargetParameters) -> bool:
        raise RuntimeError(
            f"{self.name}: sending portfolio targets needs network access to {self.destination}, "
            "which this engine does not have"
        )

    Send = send


class Collective2SignalExport(BaseSignalExport):
    name = "Collective2"
    destination = "https://api4-general.collective2.com"

    def __init__(self, api_key: str, system_id: int, use_white_label_api: bool = False) -> None:
        self.api_key = api_key
        self.system_id = int(system_id)
        self.use_white_label_api = bool(use_white_label_api)


class CrunchDAOSignalExport(BaseSignalExport):
    name = "CrunchDAO"
    destination = "https://api.tournament.crunchdao.com"

    def __init__(
        self, api_key: str, model: str, submission_name: str = "", comment: str = ""
    ) -> None:
        self.api_key = api_key
        self.model = model
        self.submission_name = submission_name
        self.comment = comment


class NumeraiSignalExport(BaseSignalExport):
    name = "Numerai"
    destination = "https://api-tournament.numer.ai"

    def __init__(
        self, public_id: str, secret_id: str, model_id: str, file_name: str = "predictions.csv"
    ) -> None:
        self.public_id = public_id
        self.secret_id = secret_id
        self.model_id = model_id
        self.file_name = file_name


class VBaseSignalExport(BaseSignalExport):
    name = "vBaseSignalExport"
    destination = "https://app.vbase.com"

    def __init__(
        self,
        api_key: str,
        collection_name: str,
        store_stamped_file: bool = True,
        idempotent: bool = False,
    ) -> None:
        if not str(api_key or "").strip():
            raise ValueError("vBaseSignalExport: API key not provided")
        if not str(collection_name or "").strip():
            raise ValueError("vBaseSignalExport: Collection name not provided")
        self.api_key = api_key
        # the collection is addressed by the SHA3-256 of its name, as LEAN does
        self.collection_cid = "0x" + hashlib.sha3_256(collection_name.encode()).hexdigest()
        self.store_stamped_file = bool(store_stamped_file)
        self.idempotent = bool(idempotent)


class SignalExportManager:
    """LEAN ``SignalExportManager``: the algorithm's providers and ``set_target_portfolio``."""

    def __init__(self, algorithm: Any) -> None:
        self._algorithm = algorithm
        self._exports: list[Any] = []
        self._warned = False
        self.automatic_export_time_span: Any = None

    def add_signal_export_provider(self, provider: Any) -> None:
        self._exports.append(provider)

    def add_signal_export_providers(self, *providers: Any) -> None:
        for provider in providers:
            if isinstance(provider, list | tuple):
                self.add_signal_export_providers(*provider)
            else:
                self.add_signal_export_provider(provider)

    def set_target_portfolio(self, *targets: Any) -> bool:
        """Send ``targets`` (PortfolioTarget objects, or one list of them) to every provider."""
        if len(targets) == 1 and isinstance(targets[0], list | tuple):
            targets = tuple(targets[0])
        algorithm = self._algorithm
        if not algorithm.live_mode:
            if not self._warned:
                self._warned = True
                algorithm.debug("Portfolio targets are only sent in live mode")
            return True
        if not self._exports:
            return False
        if not targets:
            algorithm.debug("No portfolio target given")
            return False
        parameters = SignalExportTargetParameters(list(targets), algorithm)
        result = True
        for provider in self._exports:
            send = getattr(provider, "send", None) or provider.Send
            result = bool(send(parameters)) and result
        return result

    def set_target_portfolio_from_portfolio(self) -> bool:
        """LEAN's ``SetTargetPortfolioFromPortfolio``: the portfolio's holdings as percent
        targets, sent as ``set_target_portfolio`` sends them; False (with an error) when the
        portfolio is worth nothing."""
        targets = self.portfolio_targets()
        if targets is None:
            return False
        return self.set_target_portfolio(*targets)

    def portfolio_targets(self) -> list[Any] | None:
        """A target per holding, as LEAN's SignalExportManager.GetPortfolioTargets: the position's
        initial margin over the portfolio value times the leverage (the margin land of
        ``PortfolioTarget.percent``), rescaled to the value less the free buffer ``set_holdings``
        keeps, negative for a short; untradable securities are left out except canonical
        futures (some providers accept them)."""
        from engine.portfolio.targets import PortfolioTarget

        algorithm = self._algorithm
        portfolio = algorithm.portfolio
        total = portfolio.total_portfolio_value
        if total <= 0:
            algorithm.error("Total portfolio value was less than or equal to 0")
            return None
        less_buffer = portfolio.total_portfolio_value_less_free_buffer(
            getattr(algorithm, "settings", None)
        )
        targets = []
        for security in algorithm.securities.values():
            symbol = security.symbol
            if not security.is_tradable and not symbol.is_canonical():
                continue
            quantity = security.holdings.quantity
            model = security.buying_power_model
            margin = model.get_initial_margin_requirement(security, quantity)
            percent = abs(margin / total) * model.get_leverage(security)
            percent = percent * total / less_buffer
            targets.append(PortfolioTarget(symbol, -percent if quantity < 0 else percent))
        return targets

    AddSignalExportProvider = add_signal_export_provider
    AddSignalExportProviders = add_signal_export_providers
    SetTargetPortfolio = set_target_portfolio
    SetTargetPortfolioFromPortfolio = set_target_portfolio_from_portfolio


__all__ = [
    "BaseSignalExport",
    "Collective2SignalExport",
    "CrunchDAOSignalExport",
    "NumeraiSignalExport",
    "SignalExportManager",
    "SignalExportTargetParameters",
    "VBaseSignalExport",
]
