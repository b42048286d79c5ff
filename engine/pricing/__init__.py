"""Option pricing: prices, greeks and implied volatility as LEAN's option price models and option
indicators compute them.

Modules:

- ``model_types``: ``OptionPricingModelType`` and the right/style values the functions take.
- ``black_scholes``: closed-form European price and greeks on plain values (LEAN's indicator math).
- ``trees``: LEAN's own Cox-Ross-Rubinstein and forward binomial trees and their finite-difference
  greeks (numpy).
- ``model_greeks``: price and greeks by ``OptionPricingModelType``.
- ``implied_volatility``: the volatility that reproduces a price (SciPy's Brent root finder).
- ``quantlib_engines``: QuantLib valuation of one contract as LEAN's ``QLOptionPriceModel`` sets it
  up (every engine LEAN offers, with the styles each accepts); QuantLib loads on first use.
- ``price_models``: LEAN's model objects (``QLOptionPriceModel``, ``OptionPriceModels``,
  ``QLOptionPriceModelProvider``, ``CurrentPriceOptionPriceModel``, the estimators), whose
  ``evaluate(parameters)`` reads any option security/contract-like objects (duck typing).
- ``results``: ``Greeks`` and ``OptionPriceModelResult``.
- ``expiry``: when a contract settles (the time to expiry of the indicators).
- ``data_folder``: where the models find the run's data folder.

Greeks are scaled as LEAN: vega and rho per 1 %; the indicators' theta per day, the price models'
``Greeks.theta`` per year (``theta_per_day`` divides by 365).

Nothing here imports SciPy or QuantLib at import time: an algorithm without options never loads
them.
"""
