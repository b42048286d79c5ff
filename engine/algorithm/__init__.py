"""The QuantConnect algorithm API: ``QCAlgorithm``, ``Slice``, scheduling, charts and ``AlgorithmImports``."""

from engine.algorithm.qcalgorithm import QCAlgorithm, user_handler
from engine.model.slice import SecurityChanges, Slice

__all__ = ["QCAlgorithm", "SecurityChanges", "Slice", "user_handler"]
