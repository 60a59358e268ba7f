"""Profiles: which KIS (or simulator), with which credentials and account, under which safety settings.

Three built-in profiles: ``sim`` (the built-in simulator, no credentials), ``mock`` (KIS 모의투자) and
``real`` (KIS 실전). A TOML config file (UTF-8) adds settings or new profiles; a new profile reaches KIS's URL
of its domain unless it says otherwise, and a real-domain one sends no order sheet until ``send_orders = true``;
``simulator = true`` marks a simulator on this machine (no real money, so no real-money banner). Every value is checked
for its type and range when the file is read (``ProfileSettings``), naming the file, profile and key.
Environment variables override the file: ``KIS_XL_<PROFILE>_APP_KEY`` (and ``_APP_SECRET``, ``_ACCOUNT``,
``_BASE_URL``) for any profile, the unprefixed ``KIS_XL_APP_KEY`` … for the active one. Secrets (app
key, app secret) come only from the environment or the OS keyring, never from the file or a workbook.
"""

from __future__ import annotations

import ipaddress
import os
import re
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from urllib.parse import urlsplit

import platformdirs
from pydantic import BaseModel, ConfigDict, Field, StrictBool, ValidationError

from . import i18n, spec
from .errors import ConfigError
from .i18n import t

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
    simulator: StrictBool | None = None
    max_order_amount: _Number | None = Field(None, gt=0)
    max_batch_amount: _Number | None = Field(None, gt=0)
    max_order_usd: _Number | None = Field(None, gt=0)
    order_settle_s: _Number | None = Field(None, ge=0, le=600)
    timeout: _Number | None = Field(None, gt=0, le=300)
    redis_url: str | None = Field(None, pattern=r"^rediss?://")
    venue: str | None = Field(None, pattern=r"(?i)^(krx|nxt|sor)$")
    quote_venue: str | None = Field(None, pattern=r"(?i)^(krx|nxt|un)$")


FILE_KEYS = tuple(ProfileSettings.model_fields)
_CHOICES = {"venue": "KRX, NXT or SOR", "quote_venue": "KRX, NXT or UN (integrated)"}


def _expected(kind: str, key: str, ctx: dict, msg: str) -> str:
    """What a setting should have been, for the one line that names a bad one."""
    if kind == "bool_type":
        return t("true or false (without quotes)")
    if kind in ("int_type", "float_type"):
        return t("a number (without quotes)")
    if kind == "string_type":
        return t("text in quotes")
    if kind == "string_pattern_mismatch":
        return _CHOICES.get(key) or t("a value of the form {pattern}", pattern=ctx.get("pattern", ""))
    return msg


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
            raise ConfigError(t("profile {name!r} has no account number: set KIS_XL_ACCOUNT or 'account' in the "
                                "config file (format 12345678-01)", name=self.name))
        match = spec.ACCOUNT_RE.match(self.account.strip())
        if not match:
            raise ConfigError(t("profile {name!r}: account must look like 12345678-01", name=self.name))
        return match.group(1), match.group(2)

    @property
    def masked_account(self) -> str:
        if not self.account:
            return t("(none)")
        cano, product = self._account_parts()
        return f"{cano[:4]}****-{product}"


def _simulator(name: str, domain: spec.Domain = spec.REAL) -> Profile:
    """A profile of a simulator on this machine: keys and account that any simulator takes (not secrets)."""
    return Profile(name, domain, None, None, SIM_APP_KEY, SIM_APP_SECRET, SIM_ACCOUNT, "simuser",
                   simulator=True, send_orders=True, order_settle_s=2.0)  # the simulator books at once


def _kis(name: str, domain: spec.Domain) -> Profile:
    """A profile of KIS itself at its domain's URLs: a real-domain one sends no order sheet until told to."""
    return Profile(name, domain, spec.REST_URLS[domain], spec.WS_URLS[domain], send_orders=domain != spec.REAL)


BUILTIN: dict[str, Profile] = {"sim": _simulator("sim"), "mock": _kis("mock", spec.MOCK), "real": _kis("real", spec.REAL)}


def is_loopback(url: str | None) -> bool:
    """The URL names this machine (127.0.0.0/8, ::1, localhost): where a simulator listens, never KIS."""
    host = urlsplit(url or "").hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


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
        source = "KIS_XL_CACHE_DIR" if os.environ.get("KIS_XL_CACHE_DIR") else t("the cache folder")
        raise ConfigError(t("{source} {path} cannot be used ({reason}): point KIS_XL_CACHE_DIR at a folder you "
                            "can write", source=source, path=path, reason=(exc.strerror or str(exc)).lower())) from None
    return path


def read_config() -> dict:
    """The config file as checked data ({} when there is none); ConfigError names what is wrong and where."""
    path = config_path()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise ConfigError(t("cannot read the config file {path}: {reason}", path=path,
                            reason=(exc.strerror or str(exc)).lower())) from None
    try:
        text = raw.decode("utf-8-sig")  # a BOM (Windows Notepad) is fine
    except UnicodeDecodeError:
        raise ConfigError(t("config file {path} is not UTF-8 text (saved as CP949/EUC-KR?): save it as UTF-8",
                            path=path)) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(t("config file {path} is not valid TOML: {error}", path=path, error=exc)) from None
    unknown = [k for k in data if k not in ("profile", "profiles", "language", "sessions_file", "report_profiles")]
    if unknown:
        raise ConfigError(t("config file {path}: unknown settings {names} (top level takes profile, language, "
                            "sessions_file, report_profiles and [profiles.NAME] tables)", path=path,
                            names=", ".join(unknown)))
    report = data.get("report_profiles")
    if report is not None and not (isinstance(report, list) and report
                                   and all(isinstance(n, str) and n for n in report)):
        raise ConfigError(t("config file {path}: report_profiles must be a list of profile names in quotes, like "
                            "[\"real\", \"isa\"]", path=path))
    if "sessions_file" in data and not isinstance(data["sessions_file"], str):
        raise ConfigError(t("config file {path}: sessions_file must be a file's path in quotes", path=path))
    if "language" in data and data["language"] not in i18n.LANGUAGES:
        raise ConfigError(t("config file {path}: language must be \"ko\" or \"en\", not {value!r}", path=path,
                            value=data["language"]))
    if "profile" in data and not isinstance(data["profile"], str):
        raise ConfigError(t("config file {path}: profile must be a profile's name in quotes, not {value!r}",
                            path=path, value=data["profile"]))
    tables = data.get("profiles") or {}
    if not isinstance(tables, dict):
        raise ConfigError(t("config file {path}: profiles must be [profiles.NAME] tables", path=path))
    for name, table in tables.items():
        _check_profile(path, name, table)
    return data


def _check_profile(path: Path, name: str, table) -> None:
    if not isinstance(table, dict):
        raise ConfigError(t("config file {path}: [profiles.{name}] must be a table of settings", path=path, name=name))
    bad = [k for k in table if k.lower() in SECRET_KEYS]
    if bad:
        raise ConfigError(t("the config file must not hold secrets ({keys} in [profiles.{name}]): use "
                            "KIS_XL_APP_KEY/KIS_XL_APP_SECRET or `kis-xl login` (OS keyring)", keys=", ".join(bad),
                            name=name))
    try:
        ProfileSettings.model_validate(table)
    except ValidationError as exc:
        err = exc.errors()[0]
        key = str(err["loc"][0]) if err["loc"] else "?"
        if err["type"] == "extra_forbidden":
            raise ConfigError(t("config file {path}: [profiles.{name}] has an unknown setting {key!r} (known: "
                                "{known})", path=path, name=name, key=key, known=", ".join(FILE_KEYS))) from None
        raise ConfigError(t("config file {path}: [profiles.{name}] {key} = {value!r}: expected {expected}",
                            path=path, name=name, key=key, value=err.get("input"),
                            expected=_expected(err["type"], key, err.get("ctx") or {}, err["msg"]))) from None


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


def keyring_problem() -> str | None:
    """Why this machine's OS keyring cannot keep a secret (its backend's name), or None when it can: asked before
    anyone types a key in."""
    try:
        import keyring
        from keyring.backends import chainer, fail, null

        backend = keyring.get_keyring()
    except Exception as exc:  # a broken keyring install is no keyring
        return type(exc).__name__
    if isinstance(backend, (fail.Keyring, null.Keyring)) or (
            isinstance(backend, chainer.ChainerBackend) and not backend.backends):
        return f"{type(backend).__module__}.{type(backend).__name__}"
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
            raise ConfigError(t("unknown profile {name!r}: define [profiles.{name}] with a domain (real or mock)",
                                name=name))
        if table["domain"] not in (spec.REAL, spec.MOCK):
            raise ConfigError(t("profile {name!r}: domain must be 'real' or 'mock'", name=name))
        base = _simulator(name, table["domain"]) if table.get("simulator") else _kis(name, table["domain"])
    sources = {k: "built-in" for k in ("rest_url", "ws_url", "account") if getattr(base, k)}
    known = {f.name for f in fields(Profile)}
    profile = replace(base, **{k: v for k, v in table.items() if k in known})
    sources.update({k: "config file" for k in table})
    if profile.domain not in (spec.REAL, spec.MOCK):
        raise ConfigError(t("profile {name!r}: domain must be 'real' or 'mock'", name=name))
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
    if profile.simulator and profile.rest_url and not is_loopback(profile.rest_url):
        raise ConfigError(t("profile {name!r} says simulator = true but its rest_url {url} is not on this machine: "
                            "a simulator listens on 127.0.0.1 only (remove simulator = true for KIS itself)",
                            name=name, url=profile.rest_url))
    return replace(profile, sources=sources)


def env_name(profile: str, suffix: str) -> str:
    """``KIS_XL_REAL_APP_KEY``: the environment variable of one profile's setting."""
    return f"KIS_XL_{re.sub(r'[^A-Z0-9]', '_', profile.upper())}_{suffix}"


def require_credentials(profile: Profile) -> None:
    if not profile.app_key or not profile.app_secret:
        raise ConfigError(t("profile {name!r} has no app key/secret: set KIS_XL_APP_KEY and KIS_XL_APP_SECRET, or "
                            "run `kis-xl login --profile {name}` to store them in the OS keyring", name=profile.name))


DEFAULT_CONFIG = f"""\
# kis-xl configuration. Secrets never go here: use environment variables
# (KIS_XL_APP_KEY, KIS_XL_APP_SECRET) or `kis-xl login --profile NAME` (OS keyring).

# The profile used when none is given: sim (built-in simulator), mock (모의투자) or real (실전).
profile = "sim"
# language = "en"              # messages and headers in English (default: Korean, 한국어)
# report_profiles = ["real", "isa"]  # `kis-xl report` without --profile: one report of these accounts
# sessions_file = "my-sessions.toml"  # your own session hours or special days over kis-xl's (kis_xl/data/sessions.toml)

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
# send_orders = true           # the order sheet sends nothing to a real-domain profile until this is true
# max_order_amount = 1000000
# max_batch_amount = 5000000
# max_order_usd = 700
# venue = "SOR"                # where orders go unless they say: KRX (한국거래소), NXT (넥스트레이드) or SOR
# quote_venue = "UN"           # whose price quotes show: KRX (the default), NXT or UN (통합, integrated)

# A profile of your own reaches KIS's URLs of its domain (real: {spec.REST_URLS[spec.REAL]},
# mock: {spec.REST_URLS[spec.MOCK]}); a real-domain one sends no order sheet until
# send_orders = true. E.g. a second real account:
# [profiles.isa]
# domain = "real"
# account = "87654321-01"
#
# A simulator started with `kis-xl sim` (it prints this profile, ready to paste):
# [profiles.local]
# domain = "real"
# simulator = true             # no real money: no real-account warning
# rest_url = "http://127.0.0.1:8765"
"""


def write_default_config(path: Path | None = None, *, force: bool = False, profile: str | None = None) -> Path:
    """The commented config file; ``profile`` becomes the default profile it names."""
    path = path or config_path()
    if path.exists() and not force:
        raise ConfigError(t("{path} exists; pass --force to overwrite it", path=path))
    text = DEFAULT_CONFIG if not profile else DEFAULT_CONFIG.replace('profile = "sim"', f'profile = "{profile}"')
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
