"""``kis-xl config``, ``init`` and ``login``: see and set up profiles; secrets only ever masked."""

from __future__ import annotations

import getpass
import sys

from .. import config as cfg
from .. import spec
from ..errors import ConfigError
from ..i18n import t
from .output import add_format_options, emit_mapping


def register(subparsers, common) -> None:
    p = subparsers.add_parser("config", parents=[common], help=t("show the active settings (설정; secrets masked)"))
    add_format_options(p)
    p.set_defaults(func=show)
    p = subparsers.add_parser("init", parents=[common], help=t("write a commented config file (설정 파일)"))
    p.add_argument("--force", action="store_true", help=t("overwrite an existing file"))
    p.set_defaults(func=init)
    p = subparsers.add_parser("login", parents=[common], help=t("store the profile's app key and secret (앱키·시크릿) in the OS keyring"))
    p.set_defaults(func=login)


def mask(secret: str | None) -> str:
    """Show that a secret is set, never what it is."""
    if not secret:
        return t("(not set)")
    return t("{start}…({length} chars)", start=secret[:2], length=len(secret))


def kis_urls() -> dict[str, str]:
    """KIS's own addresses of both domains (spec.py), which a profile without a rest_url reaches."""
    return {f"kis_{domain}_{kind}_url": urls[domain] for domain in (spec.REAL, spec.MOCK)
            for kind, urls in (("rest", spec.REST_URLS), ("ws", spec.WS_URLS))}


def _where(profile: cfg.Profile) -> str:
    """What the profile's server is, for a person: KIS's domain, a simulator here, or the built-in one."""
    if profile.simulator:
        return t("simulator, no real money") if profile.rest_url else t("built-in simulator, no real money")
    return t("KIS real (실전), real money") if profile.domain == spec.REAL else t("KIS mock (모의투자)")


def show(args) -> int:
    """Each setting and where it came from: as text in the table, as values (plus ``sources``) in JSON and CSV."""
    profile = cfg.load_profile(args.profile)
    values = {
        "profile": profile.name,
        "domain": profile.domain,
        "simulator": profile.simulator,
        "live_money": profile.live_money,
        "rest_url": profile.rest_url,
        "ws_url": profile.ws_url,
        "app_key": mask(profile.app_key),
        "app_secret": mask(profile.app_secret),
        "account": profile.masked_account,
        "market_data": profile.market_data or profile.name,
        "send_orders": profile.send_orders,
        "max_order_amount": profile.max_order_amount,
        "max_batch_amount": profile.max_batch_amount,
        "max_order_usd": profile.max_order_usd,
        "timeout": profile.timeout,
        "order_settle_s": profile.order_settle_s,
        "redis": profile.redis_url.split("@")[-1] if profile.redis_url else None,
        "config_file": str(cfg.config_path()),
        "config_file_exists": cfg.config_path().exists(),
        "cache_dir": str(cfg.cache_dir()),
    } | kis_urls()
    sources = {k: profile.sources.get("redis_url" if k == "redis" else k, "default") for k in values
               if k in cfg.FILE_KEYS + ("app_key", "app_secret", "account", "redis")}
    if args.fmt != "table":
        emit_mapping(values | {"sources": sources} if args.fmt == "json" else values, args.fmt)
        return 0
    embedded = t("(embedded simulator)")
    shown = dict(values, rest_url=profile.rest_url or embedded, ws_url=profile.ws_url or embedded,
                 domain=f"{profile.domain} ({_where(profile)})")
    none = t("(none)")
    emit_mapping({k: f"{none if v is None else v}{f' [{sources[k]}]' if k in sources else ''}"
                  for k, v in shown.items()}, args.fmt, title=t("kis-xl settings"),
                 labels={k: k.replace("_", " ") for k in values})
    return 0


def init(args) -> int:
    path = cfg.write_default_config(force=args.force, profile=args.profile)
    print(t("wrote {path}", path=path))
    return 0


def login(args) -> int:
    """Keys into the OS keyring: refused before anything is typed when there is no terminal or no keyring."""
    name = args.profile or cfg.active_profile_name()
    if name == "sim":
        raise ConfigError(t("the sim profile needs no credentials"))
    hint = t("or set {key} and {secret} in the environment instead", key=cfg.env_name(name, "APP_KEY"),
             secret=cfg.env_name(name, "APP_SECRET"))
    if not sys.stdin.isatty():
        raise ConfigError(t("login needs a terminal to type the key and secret into; {hint}", hint=hint))
    problem = cfg.keyring_problem()
    if problem:
        raise ConfigError(t("no usable OS keyring on this machine ({problem}); {hint}", problem=problem, hint=hint))
    try:
        key = getpass.getpass(t("App key for {name} (36 characters): ", name=name)).strip()
        secret = getpass.getpass(t("App secret for {name} (180 characters): ", name=name)).strip()
    except (EOFError, KeyboardInterrupt):
        raise ConfigError(t("login needs a terminal to type the key and secret into; {hint}", hint=hint)) from None
    if len(key) != spec.APP_KEY_LENGTH or len(secret) != spec.APP_SECRET_LENGTH:
        raise ConfigError(t("an app key has 36 characters and an app secret 180; nothing was stored"))
    try:
        cfg.store_secret(name, "app_key", key)
        cfg.store_secret(name, "app_secret", secret)
    except Exception as exc:  # keyring.errors.NoKeyringError and the backends' own errors
        raise ConfigError(t("no usable OS keyring on this machine ({problem}); {hint}", problem=type(exc).__name__,
                            hint=hint)) from None
    print(t("stored the app key and secret of {name!r} in the OS keyring", name=name))
    return 0
