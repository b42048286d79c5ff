"""The harness's fine-fundamental file, read from a test provider in C# written here in the shape
of LEAN's Tests/Common/Data/Fundamental/TestFundamentalDataProvider.cs."""

from __future__ import annotations

import csv

from engine.conformance.fundamentals import PROVIDER, literal, provider_rows, write_provider_file
from engine.universe.fine_source import FineFundamentalSource

PROVIDER_SOURCE = """
    public class TestFundamentalDataProvider : IFundamentalDataProvider
    {
        private readonly Dictionary<string, double> _ratio = new()
        {
            { "ACME X1", 3.5d },
            { "BETA X2", 1.25d },
        };
        private readonly Dictionary<string, long> _cap = new()
        {
            { "ACME X1", 900 },
        };
        public T Get<T>(DateTime time, SecurityIdentifier securityIdentifier, FundamentalProperty name)
        {
            switch (Enum.GetName(name))
            {
                case nameof(CoarseFundamental.Price):
                    return _coarse.Get<T>(time, securityIdentifier, name);
                default:
                    return Get(time, securityIdentifier, Enum.GetName(name));
            }
        }
        private dynamic Get(DateTime time, SecurityIdentifier securityIdentifier, string name)
        {
            switch (name)
            {
                case nameof(CoarseFundamental.HasFundamentalData):
                    return true;
                case "CompanyProfile_MarketCap":
                    if (_cap.TryGetValue(securityIdentifier.ToString(), out var cap))
                    {
                        return cap;
                    }
                    return 0L;
                case "CompanyProfile_HeadquarterCity":
                    if (securityIdentifier.Symbol == "ACME")
                    {
                        return "Springfield";
                    }
                    return string.Empty;
                case "ValuationRatios_PERatio":
                    if (_ratio.TryGetValue(securityIdentifier.ToString(), out var ratio))
                    {
                        return ratio;
                    }
                    return 0d;
            }
            return null;
        }
    }
"""


def test_literals():
    assert literal('"N"') == "N"
    assert literal("string.Empty") == ""
    assert (literal("3.5d"), literal("0L"), literal("12"), literal("true")) == (
        "3.5",
        "0",
        "12",
        "true",
    )
    assert literal("null") is None and literal("ratio") is None


def test_provider_rows_give_each_lookup_and_its_default():
    rows = provider_rows(PROVIDER_SOURCE)
    assert rows == [
        ("*", "HasFundamentalData", "true"),
        ("ACME X1", "CompanyProfile_MarketCap", "900"),
        ("*", "CompanyProfile_MarketCap", "0"),
        ("ACME", "CompanyProfile_HeadquarterCity", "Springfield"),
        ("*", "CompanyProfile_HeadquarterCity", ""),
        ("ACME X1", "ValuationRatios_PERatio", "3.5"),
        ("BETA X2", "ValuationRatios_PERatio", "1.25"),
        ("*", "ValuationRatios_PERatio", "0"),
    ]


def test_the_file_is_written_only_for_a_checkout_with_the_provider(tmp_path):
    assert write_provider_file(tmp_path, tmp_path / "none.csv") is None
    provider = tmp_path / PROVIDER
    provider.parent.mkdir(parents=True)
    provider.write_text(PROVIDER_SOURCE)
    out = write_provider_file(tmp_path, tmp_path / "fine.csv")
    assert out is not None
    with open(out, newline="") as handle:
        assert next(csv.reader(handle)) == ["security", "field", "value"]
    # the engine reads what the harness writes
    source = FineFundamentalSource.from_csv(out)
    assert source.of("BETA X2", "BETA")[("valuation_ratios", "pe_ratio")] == 1.25
    assert source.of("ACME X1", "ACME")[("company_profile", "headquarter_city")] == "Springfield"
