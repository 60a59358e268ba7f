"""Profiles: which KIS (or simulator), with which credentials and account, under which safety settings.

Three built-in profiles: ``sim`` (the built-in simulator, no credentials), ``mock`` (KIS 모의투자) and
``real`` (KIS 실전). A TOML config file (UTF-8) adds settings or new profiles; every value is checked
for its type and range when the file is read (``ProfileSettings``), naming the file, profile and key.
Environment variables override the file: ``KIS_XL_<PROFILE>_APP_KEY`` (and ``_APP_SECRET``, ``_ACCOUNT``,
``_BASE_URL``) for any profile, the unprefixed ``KIS_XL_APP_KEY`` … for the active one. Secrets (app
key, app secret) come only from the environment or the OS keyring, never from the file or a workbook.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

import platformdirs
from pydantic import BaseModel, ConfigDict, Field, StrictBool, ValidationError

from . import i18n, spec
from .errors import ConfigError

APP_NAME = "kis-xl"
KEYRING_SERVICE = "kis-xl"
DEFAULT_PROFILE = "sim"
# Not secrets: the simulator accepts any well-formed pair, and each key is its own world.
SIM_APP_KEY = "PSSIMULATOR0KISXL0DEMO00000000000000"[: spec.APP_KEY_LENGTH]
SIM_APP_SECRET = ("kis-xl-simulator-secret-" * 8)[: spec.APP_SECRET_LENGTH]
SIM_ACCOUNT = "50000000-01"
SECRET_KEYS = ("app_key", "app_secret", "appkey", "appsecret", "secret", "token")
ENV_SETTINGS = (("BASE_URL", "rest_url"), ("APP_KEY", "app_key"), ("APP_SECRET", "app_secret"), ("ACCOUNT", "account"))
_Number = float | int


class ProfileSettings(BaseModel):
    """What a ``[profiles.NAME]`` table may hold, with the type and range of each value."""

    model_config = ConfigDict(extra="forbid", strict=True)
    domain: str | None = Field(None, pattern="^(real|mock)$")
    rest_url: str | None = Field(None, pattern=r"^https?://")
    ws_url: str | None = Field(None, pattern=r"^wss?://")
    account: str | None = Field(None, pattern=r"^\d{8}-\d{2}$")
    hts_id: str | None = None
    market_data: str | None = None
    rate_limit: _Number | None = Field(None, gt=0, le=100)
    send_orders: StrictBool | None = None
    max_order_amount: _Number | None = Field(None, gt=0)
    max_batch_amount: _Number | None = Field(None, gt=0)
    max_order_usd: _Number | None = Field(None, gt=0)
    order_settle_s: _Number | None = Field(None, ge=0, le=600)
    timeout: _Number | None = Field(None, gt=0, le=300)
    redis_url: str | None = Field(None, pattern=r"^rediss?://")
    venue: str | None = Field(None, pattern=r"(?i)^(krx|nxt|sor)$")
    quote_venue: str | None = Field(None, pattern=r"(?i)^(krx|nxt|un)$")


FILE_KEYS = tuple(ProfileSettings.model_fields)
_EXPECTED = {"bool_type": "true or false (without quotes)", "string_pattern_mismatch": "a value of the form {pattern}",
             "int_type": "a number (without quotes)", "float_type": "a number (without quotes)",
             "string_type": "text in quotes", "extra_forbidden": "no such setting"}
_CHOICES = {"venue": "KRX, NXT or SOR", "quote_venue": "KRX, NXT or UN (integrated)"}


@dataclass(frozen=True)
class Profile:
    name: str
    domain: spec.Domain
    rest_url: str | None
    ws_url: str | None
    app_key: str | None = field(default=None, repr=False)
    app_secret: str | None = field(default=None, repr=False)
    account: str | None = None
    hts_id: str | None = None
    market_data: str | None = None
    rate_limit: float | None = None
    simulator: bool = False
    send_orders: bool = True
    max_order_amount: float | None = None
    max_batch_amount: float | None = None
    max_order_usd: float | None = None  # a US order's cap in dollars; without it, max_order_amount at KIS's rate
    order_settle_s: float = 20.0  # after a lost answer, how long past the client's timeout KIS may still book it
    timeout: float = 10.0  # seconds to wait for an answer
    redis_url: str | None = field(default=None, repr=False)  # token and rate budget shared through Redis
    venue: str = "KRX"  # where a domestic order goes unless it names a venue: KRX, NXT or SOR (EXCG_ID_DVSN_CD)
    quote_venue: str | None = None  # whose price a quote shows: KRX, NXT or UN (integrated); None: KRX
    sources: dict = field(default_factory=dict, repr=False, compare=False)  # setting → where it came from

    @property
    def live_money(self) -> bool:
        """Orders here move real money: the real domain of the real KIS."""
        return self.domain == spec.REAL and not self.simulator

    @property
    def cano(self) -> str:
        return self._account_parts()[0]

    @property
    def product(self) -> str:
        return self._account_parts()[1]

    def _account_parts(self) -> tuple[str, str]:
        if not self.account:
            raise ConfigError(f"profile {self.name!r} has no account number: set KIS_XL_ACCOUNT or 'account' "
                              f"in the config file (format 12345678-01)")
        match = spec.ACCOUNT_RE.match(self.account.strip())
        if not match:
            raise ConfigError(f"profile {self.name!r}: account must look like 12345678-01")
        return match.group(1), match.group(2)

    @property
    def masked_account(self) -> str:
        if not self.account:
            return "(none)"
        cano, product = self._account_parts()
        return f"{cano[:4]}****-{product}"


BUILTIN: dict[str, Profile] = {
    "sim": Profile("sim", spec.REAL, None, None, SIM_APP_KEY, SIM_APP_SECRET, SIM_ACCOUNT, "simuser",
                   simulator=True, send_orders=True, order_settle_s=2.0),  # the simulator books at once
    "mock": Profile("mock", spec.MOCK, spec.REST_URLS[spec.MOCK], spec.WS_URLS[spec.MOCK], send_orders=True),
    "real": Profile("real", spec.REAL, spec.REST_URLS[spec.REAL], spec.WS_URLS[spec.REAL], send_orders=False),
}


def config_path() -> Path:
    return Path(os.environ.get("KIS_XL_CONFIG") or Path(platformdirs.user_config_dir(APP_NAME)) / "config.toml")


def cache_dir() -> Path:
    """Private per-user cache (tokens, order journal), created 0700."""
    path = Path(os.environ.get("KIS_XL_CACHE_DIR") or platformdirs.user_cache_dir(APP_NAME))
    try:
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not os.access(path, os.W_OK | os.X_OK):
            raise PermissionError(13, "not writable", str(path))
    except OSError as exc:
        source = "KIS_XL_CACHE_DIR" if os.environ.get("KIS_XL_CACHE_DIR") else "the cache folder"
        raise ConfigError(f"{source} {path} cannot be used ({(exc.strerror or str(exc)).lower()}): point "
                          f"KIS_XL_CACHE_DIR at a folder you can write") from None
    return path


def read_config() -> dict:
    """The config file as checked data ({} when there is none); ConfigError names what is wrong and where."""
    path = config_path()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise ConfigError(f"cannot read the config file {path}: {(exc.strerror or str(exc)).lower()}") from None
    try:
        text = raw.decode("utf-8-sig")  # a BOM (Windows Notepad) is fine
    except UnicodeDecodeError:
        raise ConfigError(f"config file {path} is not UTF-8 text (saved as CP949/EUC-KR?): save it as UTF-8") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config file {path} is not valid TOML: {exc}") from None
    unknown = [k for k in data if k not in ("profile", "profiles", "language")]
    if unknown:
        raise ConfigError(f"config file {path}: unknown settings {', '.join(unknown)} (top level takes profile, "
                          f"language and [profiles.NAME] tables)")
    if "language" in data and data["language"] not in i18n.LANGUAGES:
        raise ConfigError(f"config file {path}: language must be \"ko\" or \"en\", not {data['language']!r}")
    if "profile" in data and not isinstance(data["profile"], str):
        raise ConfigError(f"config file {path}: profile must be a profile's name in quotes, not {data['profile']!r}")
    tables = data.get("profiles") or {}
    if not isinstance(tables, dict):
        raise ConfigError(f"config file {path}: profiles must be [profiles.NAME] tables")
    for name, table in tables.items():
        _check_profile(path, name, table)
    return data


def _check_profile(path: Path, name: str, table) -> None:
    if not isinstance(table, dict):
        raise ConfigError(f"config file {path}: [profiles.{name}] must be a table of settings")
    bad = [k for k in table if k.lower() in SECRET_KEYS]
    if bad:
        raise ConfigError(f"the config file must not hold secrets ({', '.join(bad)} in [profiles.{name}]): "
                          f"use KIS_XL_APP_KEY/KIS_XL_APP_SECRET or `kis-xl login` (OS keyring)")
    try:
        ProfileSettings.model_validate(table)
    except ValidationError as exc:
        err = exc.errors()[0]
        key = str(err["loc"][0]) if err["loc"] else "?"
        ctx = err.get("ctx") or {}
        expected = _EXPECTED.get(err["type"], err["msg"]).format(**ctx) if err["type"] in _EXPECTED else err["msg"]
        expected = _CHOICES.get(key, expected) if err["type"] == "string_pattern_mismatch" else expected
        if err["type"] == "extra_forbidden":
            raise ConfigError(f"config file {path}: [profiles.{name}] has an unknown setting {key!r} (known: "
                              f"{', '.join(FILE_KEYS)})") from None
        raise ConfigError(f"config file {path}: [profiles.{name}] {key} = {err.get('input')!r}: expected "
                          f"{expected}") from None


def configure_language(choice: str | None = None) -> str:
    """Fix this process's language: ``choice`` (the CLI's --lang), else KIS_XL_LANG, else the config file's
    ``language``, else Korean. A broken config file leaves the choice to the others (its error comes later)."""
    if not choice and not os.environ.get("KIS_XL_LANG"):
        try:
            choice = read_config().get("language")
        except ConfigError:
            choice = None
    i18n.set_language(choice or None)
    return i18n.language()


def active_profile_name(config: dict | None = None) -> str:
    config = read_config() if config is None else config
    return os.environ.get("KIS_XL_PROFILE") or config.get("profile") or DEFAULT_PROFILE


def _keyring_secret(profile: str, what: str) -> str | None:
    try:
        import keyring

        return keyring.get_password(KEYRING_SERVICE, f"{profile}:{what}")
    except Exception:  # no keyring backend on this machine: secrets must come from the environment
        return None


def store_secret(profile: str, what: str, value: str) -> None:
    """Save an app key or secret in the OS keyring (``kis-xl login``)."""
    import keyring

    keyring.set_password(KEYRING_SERVICE, f"{profile}:{what}", value)


def load_profile(name: str | None = None) -> Profile:
    """The named profile (default: the active one) with file settings, env overrides and secrets applied."""
    config = read_config()
    active = active_profile_name(config)
    name = name or active
    table = (config.get("profiles") or {}).get(name, {})
    base = BUILTIN.get(name)
    if base is None:
        if "domain" not in table:
            raise ConfigError(f"unknown profile {name!r}: define [profiles.{name}] with a domain (real or mock)")
        base = Profile(name, table["domain"], None, None)
    sources = {k: "built-in" for k in ("rest_url", "account") if getattr(base, k)}
    known = {f.name for f in fields(Profile)}
    profile = replace(base, **{k: v for k, v in table.items() if k in known})
    sources.update({k: "config file" for k in table})
    if profile.domain not in (spec.REAL, spec.MOCK):
        raise ConfigError(f"profile {name!r}: domain must be 'real' or 'mock'")
    env = {}
    for suffix, key in ENV_SETTINGS:
        for var in ([f"KIS_XL_{suffix}"] if name == active else []) + [env_name(name, suffix)]:
            if os.environ.get(var):
                env[key] = os.environ[var].strip()
                sources[key] = f"env {var}"
    profile = replace(profile, **env)
    for what in ("app_key", "app_secret"):
        if not getattr(profile, what):
            secret = _keyring_secret(name, what)
            if secret:
                profile = replace(profile, **{what: secret})
                sources[what] = "keyring"
        elif what not in sources:
            sources[what] = "built-in"
    if profile.account:
        profile._account_parts()
    return replace(profile, sources=sources)


def env_name(profile: str, suffix: str) -> str:
    """``KIS_XL_REAL_APP_KEY``: the environment variable of one profile's setting."""
    return f"KIS_XL_{re.sub(r'[^A-Z0-9]', '_', profile.upper())}_{suffix}"


def require_credentials(profile: Profile) -> None:
    if not profile.app_key or not profile.app_secret:
        raise ConfigError(
            f"profile {profile.name!r} has no app key/secret: set KIS_XL_APP_KEY and KIS_XL_APP_SECRET, or run "
            f"`kis-xl login --profile {profile.name}` to store them in the OS keyring")


DEFAULT_CONFIG = """\
# kis-xl configuration. Secrets never go here: use environment variables
# (KIS_XL_APP_KEY, KIS_XL_APP_SECRET) or `kis-xl login --profile NAME` (OS keyring).

# The profile used when none is given: sim (built-in simulator), mock (모의투자) or real (실전).
profile = "sim"
# language = "en"              # messages and headers in English (default: Korean, 한국어)

[profiles.mock]
# account = "12345678-01"      # CANO-ACNT_PRDT_CD of your 모의투자 account
# hts_id = "your-hts-id"
# market_data = "real"         # quote through the real profile's key: faster, and multi-stock quotes work
# max_order_amount = 5000000   # fat-finger guard per order (won): the sheet, kis-xl buy/sell/modify, the API
# max_batch_amount = 20000000  # and per order sheet run
# max_order_usd = 3000         # per US order (dollars); without it US orders are held to max_order_amount
# (the mock domain takes KRX orders only and quotes KRX's prices)

[profiles.real]
# account = "12345678-01"
# send_orders = false          # the order sheet sends nothing to the real account until this is true
# max_order_amount = 1000000
# max_batch_amount = 5000000
# max_order_usd = 700
# venue = "SOR"                # where orders go unless they say: KRX (한국거래소), NXT (넥스트레이드) or SOR
# quote_venue = "UN"           # whose price quotes show: KRX (the default), NXT or UN (통합, integrated)

# A profile of your own, e.g. a simulator started with `kis-xl sim --port 8765`:
# [profiles.local]
# domain = "real"
# rest_url = "http://127.0.0.1:8765"
"""


def write_default_config(path: Path | None = None, *, force: bool = False, profile: str | None = None) -> Path:
    """The commented config file; ``profile`` becomes the default profile it names."""
    path = path or config_path()
    if path.exists() and not force:
        raise ConfigError(f"{path} exists; pass --force to overwrite it")
    text = DEFAULT_CONFIG if not profile else DEFAULT_CONFIG.replace('profile = "sim"', f'profile = "{profile}"')
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
