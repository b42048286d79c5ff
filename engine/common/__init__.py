"""The engine's lowest layer: time conversions (``clock``) and PascalCase/snake_case names
(``naming``), used by every other layer. Imports nothing else from the engine."""
