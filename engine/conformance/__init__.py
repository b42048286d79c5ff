"""Conformance with LEAN: run LEAN's own Python regression algorithms and compare the figures.

    LEAN_ROOT=/path/to/Lean python -m engine.conformance [--only TEXT] [--area AREA] [--jobs N]
                                                         [--timeout S] [--json FILE]

``make lean-regression`` runs it. The checkout needs ``Algorithm.Python/``, ``Algorithm.CSharp/``
(the expected statistics), ``Launcher/config.json`` and ``Data/`` (``--data`` overrides). Without a
checkout it says so and exits 0, so CI, which has none, passes.
"""
