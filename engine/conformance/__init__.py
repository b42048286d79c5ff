"""Conformance with LEAN: run LEAN's own Python regression algorithms and compare the figures.

    LEAN_ROOT=/path/to/Lean python -m engine.conformance [--only TEXT] [--area AREA] [--jobs N]
                                                         [--timeout S] [--json FILE]

``make lean-regression`` runs it. The checkout needs ``Algorithm.Python/``, ``Algorithm.CSharp/``
(the expected statistics), ``Launcher/config.json`` and ``Data/`` (``--data`` overrides). Without a
checkout it says so and exits 0, so CI, which has none, passes.

Each algorithm runs with ``--strict-data``: a day of the data folder with trade files but not their
quote files stops the run with an error naming them once an order or the algorithm's price read
rests on them, as such a run on part of LEAN's data cannot agree with LEAN's figures. An algorithm whose C# twin declares ``CanRunLocally`` false (LEAN's mark
that its published figures need data its repository does not ship) is reported ``not-local``
whatever the run gives; the JSON's ``run_status`` keeps what the run gave.
"""
