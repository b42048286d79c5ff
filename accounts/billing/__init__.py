"""Billing: payment backends (backends.py), subscriptions, invoices and their PDFs (services.py)."""
