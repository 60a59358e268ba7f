"""Code normalisation and profile configuration."""

import pytest

from kis_xl import config
from kis_xl.codes import InvalidCode, normalize_code, parse_symbol
from kis_xl.errors import ConfigError


@pytest.mark.parametrize("raw", ["005930", 5930, 5930.0, "A005930", " 005930 ", "a005930"])
def test_codes_excel_and_hts_forms(raw):
    assert normalize_code(raw) == "005930"


@pytest.mark.parametrize("typed", ["00593", "5930", "0059300", "A00593", "593"])
def test_a_text_code_is_what_was_typed_never_padded_into_another_stock(typed):
    """Only a number (Excel's stripped 5930) lost its zeros to software; text of another length is a typo."""
    with pytest.raises(InvalidCode, match="six digits|not a stock code"):
        normalize_code(typed)
    with pytest.raises(InvalidCode):
        parse_symbol(typed)


def test_letter_codes_and_junk():
    assert normalize_code("0193t0") == "0193T0"
    for junk in ["", None, True, -5, 5930.5, "12345678", "삼성전자", "00593X0", 1_000_000]:
        with pytest.raises(InvalidCode):
            normalize_code(junk)


def test_symbols():
    assert parse_symbol("AAPL").code == "AAPL" and parse_symbol("AAPL").market is None
    assert str(parse_symbol("nasd:aapl")) == "NAS:AAPL"
    assert parse_symbol(5930).is_domestic and parse_symbol("A005930").code == "005930"
    with pytest.raises(InvalidCode):
        parse_symbol("XYZ:AAPL")


def test_builtin_profiles_and_env_overrides(monkeypatch):
    assert config.load_profile().name == "sim"
    real = config.load_profile("real")
    assert real.live_money and not real.send_orders and real.app_key is None
    monkeypatch.setenv("KIS_XL_PROFILE", "mock")
    monkeypatch.setenv("KIS_XL_APP_KEY", "K" * 36)
    monkeypatch.setenv("KIS_XL_ACCOUNT", "1234567801")
    mock = config.load_profile()
    assert mock.name == "mock" and mock.cano == "12345678" and mock.product == "01"
    assert mock.sources["app_key"] == "env KIS_XL_APP_KEY"
    assert "K" * 36 not in repr(mock)
    assert config.load_profile("real").app_key is None  # env applies to the active profile only


def test_config_file_settings_and_refused_secrets(isolated_env):
    path = config.config_path()
    path.parent.mkdir(parents=True)
    path.write_text('profile = "mine"\n[profiles.mine]\ndomain = "mock"\nrest_url = "http://127.0.0.1:1"\n'
                    'market_data = "real"\nmax_order_amount = 1000000\n', encoding="utf-8")
    p = config.load_profile()
    assert (p.name, p.domain, p.market_data, p.max_order_amount) == ("mine", "mock", "real", 1_000_000)
    path.write_text('[profiles.real]\napp_secret = "x"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="must not hold secrets"):
        config.load_profile("real")
    with pytest.raises(ConfigError, match="must not hold secrets"):  # whichever profile is asked for
        config.load_profile("sim")
    path.write_text('[profiles.mine]\ndomain = "mock"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="unknown profile"):
        config.load_profile("nope")


def test_init_writes_a_commented_file_once(isolated_env):
    path = config.write_default_config()
    assert "[profiles.real]" in path.read_text() and "app_key" not in path.read_text().split("#")[0]
    with pytest.raises(ConfigError):
        config.write_default_config()


def test_per_profile_environment_variables_and_where_each_value_came_from(isolated_env, monkeypatch, capsys):
    from kis_xl.cli.main import main

    monkeypatch.setenv("KIS_XL_PROFILE", "sim")
    monkeypatch.setenv("KIS_XL_REAL_APP_KEY", "PS" + "k" * 34)
    monkeypatch.setenv("KIS_XL_REAL_ACCOUNT", "12345678-01")
    monkeypatch.setenv("KIS_XL_APP_KEY", "PS" + "a" * 34)  # the active profile's (sim), not real's
    real = config.load_profile("real")
    assert real.app_key == "PS" + "k" * 34 and real.account == "12345678-01"
    assert real.sources["app_key"] == "env KIS_XL_REAL_APP_KEY"
    assert main(["config", "--profile", "real"]) == 0
    out = capsys.readouterr().out
    assert "[env KIS_XL_REAL_ACCOUNT]" in out and "kkkk" not in out
