"""qcweb trading engine: a pure Python, LEAN-compatible backtesting library. Never imports Django."""
