"""The one formatter: numbers, money, dates, plurals and lists in each language (Babel/CLDR)."""

from __future__ import annotations

import datetime as dt

import pytest

from postsale.core.msg import Msg
from postsale.i18n import activate, choose_language, current, renderer, tr
from postsale.i18n.render import MissingMessageError
from postsale.keys import Tier


def test_money_follows_the_company_currency_and_the_language() -> None:
    assert renderer("en", "USD").value(80_000.0, "money") == "$80,000"
    assert renderer("en", "EUR").value(80_000.0, "money") == "€80,000"
    assert renderer("en", "USD").value(1_234_567.0, "money_compact") == "$1.23M"
    assert renderer("ja", "JPY").value(12_000_000.0, "money_compact") == "￥1200万"
    assert renderer("zh", "CNY").value(120_000_000.0, "money_compact") == "¥1.2亿"
    assert renderer("pt", "BRL").value(80_000.0, "money") == "R$\xa080.000"


def test_percent_number_and_date_use_the_locale() -> None:
    assert renderer("en").value(0.153, "pct1") == "15.3%"
    assert renderer("pt").value(0.153, "pct1") == "15,3%"
    assert renderer("en").value(12345.67, "num1") == "12,345.7"
    assert renderer("pt").value(12345.67, "num1") == "12.345,7"
    assert renderer("ms").value(12345.67, "num1") == "12,345.7"
    assert renderer("ja").value(dt.date(2026, 12, 5), "date") == "2026/12/05"
    assert renderer("en").value(dt.date(2026, 12, 5), "month") == "Dec 2026"
    assert renderer("en").value(2.5, "g") == "2.5"
    assert renderer("en").value(12.0, "g") == "12"


def test_plurals_follow_each_languages_rules() -> None:
    assert renderer("en").plural("noun.account", 1) == "1 account"
    assert renderer("en").plural("noun.account", 2) == "2 accounts"
    assert renderer("en").plural("noun.csm", 1.5) == "1.5 CSMs"
    assert renderer("pt").plural("noun.account", 0) == "0 conta"  # pt-BR: 0 and 1 are singular
    assert renderer("pt").plural("noun.account", 2) == "2 contas"
    assert renderer("ja").plural("noun.account", 2) == renderer("ja").plural("noun.account", 1) \
        .replace("1", "2")


def test_terms_lists_and_nested_messages() -> None:
    en = renderer("en")
    assert en.term(Tier.HIGH_TOUCH) == "high-touch"
    assert en.value(("a", "b", "c")) == "a, b, and c"
    assert renderer("ja").term(Tier.TECH_TOUCH) == "テックタッチ"
    assert en.value(("high_touch", "tech_touch"), "term") == "high-touch and tech-touch"
    assert en.value(("pod", "geographic"), "term|or") == "pod or geographic"


def test_a_missing_message_is_an_error_not_a_silent_code() -> None:
    with pytest.raises(MissingMessageError):
        renderer("en")(Msg("no.such.code"))


def test_the_active_language_renders_str_of_a_message() -> None:
    message = Msg("term.high_touch")
    assert str(message) == "high-touch"
    with activate("ja", "JPY"):
        assert str(message) == "高タッチ"
        assert current().currency == "JPY"
        assert tr("term.low_touch") == "低タッチ"
    assert current().lang == "en"


def test_messages_carry_codes_and_raw_values_as_json() -> None:
    message = Msg("x.y", when=dt.date(2026, 1, 2), share=0.25, inner=Msg("term.pod"), many=[1, 2])
    assert message.to_json() == {"code": "x.y", "params": {
        "when": "2026-01-02", "share": 0.25, "inner": {"code": "term.pod", "params": {}},
        "many": [1, 2]}}
    assert message == Msg("x.y", when=dt.date(2026, 1, 2), share=0.25, inner=Msg("term.pod"),
                          many=(1, 2))
    assert hash(message) == hash(Msg("x.y", when=dt.date(2026, 1, 2), share=0.25,
                                     inner=Msg("term.pod"), many=(1, 2)))


@pytest.mark.parametrize(("flag", "company", "environ", "expected"), [
    ("ja", "pt", {"LANG": "ms_MY.UTF-8"}, "ja"),
    (None, "pt", {"LANG": "ms_MY.UTF-8"}, "pt"),
    (None, None, {"LANG": "ms_MY.UTF-8"}, "ms"),
    (None, None, {"LANGUAGE": "fr:zh_CN", "LANG": "fr_FR.UTF-8"}, "zh"),
    (None, None, {"LANG": "fr_FR.UTF-8"}, "en"),
    (None, None, {"LC_ALL": "C.UTF-8", "LANG": "pt_BR.UTF-8"}, "pt"),
    (None, None, {"POSTSALE_LANG": "ja", "LANG": "pt_BR.UTF-8"}, "ja"),
    (None, None, {}, "en"),
])
def test_language_choice_order(flag: str | None, company: str | None, environ: dict[str, str],
                               expected: str) -> None:
    assert choose_language(flag, company, environ) == expected


def test_compact_money_below_the_first_cjk_unit_is_written_in_full() -> None:
    # CLDR has no Japanese/Chinese compact form below 万: Babel would return the raw float
    assert renderer("ja", "USD").money(7286.171305944166, compact=True) == "$7,286"
    assert renderer("zh", "USD").money(72_860.0, compact=True) == "US$7.3万"
    assert renderer("pt", "USD").money(7286.17, compact=True) == "US$\xa07,3\xa0mil"


def test_infinite_and_undefined_figures_show_as_a_dash() -> None:
    en = renderer("en")
    for spec in ("", "int", "num1", "pct1", "money", "money_compact", "g", "n=noun.account"):
        assert en.value(float("inf"), spec) == "—"
        assert en.value(float("nan"), spec) == "—"
