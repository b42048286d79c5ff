"""``from AlgorithmImports import *`` when ``engine/algorithm`` itself is on ``sys.path``."""

from engine.algorithm.imports import *  # noqa: F403
from engine.algorithm.imports import __all__  # noqa: F401
