"""``kis-xl config``, ``init`` and ``login``: see and set up profiles; secrets only ever masked."""

from __future__ import annotations

import getpass
import sys

from .. import config as cfg
from .. import spec
from ..errors import ConfigError
from .output import add_format_options, emit_mapping


def register(subparsers, common) -> None:
    p = subparsers.add_parser("config", parents=[common], help="show the active settings (설정; secrets masked)")
    add_format_options(p)
    p.set_defaults(func=show)
    p = subparsers.add_parser("init", parents=[common], help="write a commented config file (설정 파일)")
    p.add_argument("--force", action="store_true", help="overwrite an existing file")
    p.set_defaults(func=init)
    p = subparsers.add_parser("login", parents=[common], help="store the profile's app key and secret (앱키·시크릿) in the OS keyring")
    p.set_defaults(func=login)


def mask(secret: str | None) -> str:
    """Show that a secret is set, never what it is."""
    if not secret:
        return "(not set)"
    return f"{secret[:2]}…({len(secret)} chars)"


def show(args) -> int:
    """Each setting and where it came from: as text in the table, as values (plus ``sources``) in JSON and CSV."""
    profile = cfg.load_profile(args.profile)
    values = {
        "profile": profile.name,
        "domain": profile.domain,
        "simulator": profile.simulator,
        "live_money": profile.live_money,
        "rest_url": profile.rest_url,
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
    }
    sources = {k: profile.sources.get("redis_url" if k == "redis" else k, "default") for k in values
               if k in cfg.FILE_KEYS + ("app_key", "app_secret", "account", "redis")}
    if args.fmt != "table":
        emit_mapping(values | {"sources": sources} if args.fmt == "json" else values, args.fmt)
        return 0
    shown = dict(values, rest_url=profile.rest_url or "(embedded simulator)",
                 domain=f"{profile.domain} ({'실전' if profile.domain == spec.REAL else '모의투자'})")
    emit_mapping({k: f"{'(none)' if v is None else v}{f' [{sources[k]}]' if k in sources else ''}"
                  for k, v in shown.items()}, args.fmt, title="kis-xl settings",
                 labels={k: k.replace("_", " ") for k in values})
    return 0


def init(args) -> int:
    path = cfg.write_default_config(force=args.force, profile=args.profile)
    print(f"wrote {path}")
    return 0


def login(args) -> int:
    name = args.profile or cfg.active_profile_name()
    if name == "sim":
        raise ConfigError("the sim profile needs no credentials")
    hint = (f"or set {cfg.env_name(name, 'APP_KEY')} and {cfg.env_name(name, 'APP_SECRET')} in the environment "
            f"instead")
    if not sys.stdin.isatty():
        raise ConfigError(f"login needs a terminal to type the key and secret into; {hint}")
    try:
        key = getpass.getpass(f"App key for {name} (36 characters): ").strip()
        secret = getpass.getpass(f"App secret for {name} (180 characters): ").strip()
    except (EOFError, KeyboardInterrupt):
        raise ConfigError(f"login needs a terminal to type the key and secret into; {hint}") from None
    if len(key) != spec.APP_KEY_LENGTH or len(secret) != spec.APP_SECRET_LENGTH:
        raise ConfigError("an app key has 36 characters and an app secret 180; nothing was stored")
    try:
        cfg.store_secret(name, "app_key", key)
        cfg.store_secret(name, "app_secret", secret)
    except Exception as exc:  # keyring.errors.NoKeyringError and the backends' own errors
        raise ConfigError(f"no usable OS keyring on this machine ({type(exc).__name__}); {hint}") from None
    print(f"stored the app key and secret of {name!r} in the OS keyring")
    return 0
