"""The stock master (종목 마스터) as KIS publishes it: code ↔ name, before anything is sent.

KIS's master files (``kis_xl.masterfile``) are downloaded from ``master_url`` (KIS's download server; a simulator
profile's own server, which serves the same files at KIS's path; ``KIS_XL_MASTER_URL`` overrides), kept in the
private cache folder for the day (0600, by the server's date) and read once per process and day. ``StockMaster``
answers code → name, name → code (exact Korean or English name, any case, spaces ignored; several → candidates,
never a guess) and the nearest candidates of an unknown code or name.

``resolve`` is what every surface calls with what a person typed: a code that is not in the master is refused
with its look-alikes (``000593: 없는 종목코드입니다. 혹시: 005930 삼성전자``), a name becomes its code. When the
master cannot be downloaded, codes go on as typed (KIS's quote still refuses an unknown one) and names are
refused with the reason; ``names`` then asks KIS for each name (``stock_name``).
"""

from __future__ import annotations

import difflib
import hashlib
import io
import os
import re
import threading
import zipfile
from collections.abc import Iterable
from datetime import date
from pathlib import Path

import requests

from .. import krx, masterfile, spec
from ..codes import Symbol, normalize_code, parse_symbol
from ..config import Profile, cache_dir
from ..errors import InvalidCode, KisXlError
from ..files import write_bytes
from ..i18n import t
from ..masterfile import Listing

__all__ = ["Listing", "MasterMixin", "MasterUnavailable", "StockMaster", "master_url", "resolve"]

CANDIDATES = 5
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_CODE_LIKE = re.compile(r"A?(?=[0-9A-Z]*[0-9])[0-9A-Z]{5,7}")  # digits and capitals: meant as a code
_loaded: dict[tuple[str, date], "StockMaster"] = {}
_load_lock = threading.Lock()


class MasterUnavailable(KisXlError):
    """KIS's stock master could not be downloaded or read; the message says why."""


def master_url(profile: Profile) -> str:
    """Where a profile's master files are: ``KIS_XL_MASTER_URL``; KIS's download server for KIS's own REST
    servers; any other server (a simulator, ``kis-xl sim``) serves them itself, at KIS's path."""
    override = os.environ.get("KIS_XL_MASTER_URL", "").strip()
    if override:
        return override.rstrip("/")
    rest = (profile.rest_url or "").rstrip("/")
    if not rest or rest in {url.rstrip("/") for url in spec.REST_URLS.values()}:
        return masterfile.KIS_MASTER_URL
    return rest


def _key(text: str) -> str:
    """A name as compared: any case, spaces ignored (``kodex200`` is ``KODEX 200``)."""
    return re.sub(r"\s+", "", text).casefold()


class StockMaster:
    """Every listing of the masters, by code and by name."""

    def __init__(self, listings: Iterable[Listing]):
        self.domestic: dict[str, Listing] = {}
        self.us: dict[str, Listing] = {}
        self._by_name: dict[str, list[Listing]] = {}
        for listing in listings:
            (self.us if listing.is_us else self.domestic).setdefault(listing.code, listing)
            for name in {listing.name, listing.name_en} - {""}:
                self._by_name.setdefault(_key(name), []).append(listing)

    def __len__(self) -> int:
        return len(self.domestic) + len(self.us)

    def get(self, code: str) -> Listing | None:
        """A KRX code's or a US symbol's listing."""
        return self.domestic.get(code) or self.us.get(code.upper())

    def named(self, text: str) -> list[Listing]:
        """Every listing whose Korean or English name is ``text`` (any case, spaces ignored)."""
        return list(dict.fromkeys(self._by_name.get(_key(text), [])))

    def nearest(self, text: str, n: int = CANDIDATES) -> list[Listing]:
        """The listings most like ``text``: look-alike codes for a code, look-alike or containing names for a
        name; the larger company first among equals (a typo most likely meant the stock people trade)."""
        text = text.strip()
        if re.fullmatch(r"[0-9A-Z]{4,7}", text.upper()) and any(c.isdigit() for c in text):
            typed = text.upper().removeprefix("A") if len(text) == 7 else text.upper()
            scored = [(difflib.SequenceMatcher(None, typed, code).ratio(), listing)
                      for code, listing in self.domestic.items()]
            scored = [(score + (0.1 if typed in listing.code or listing.code.lstrip("0") == typed.lstrip("0")
                                else 0.0), listing) for score, listing in scored if score >= 0.6]
        else:
            key = _key(text)
            scored = []
            for name, listings in self._by_name.items():
                score = 1.0 if key and key in name else difflib.SequenceMatcher(None, key, name).ratio()
                if score >= 0.6:
                    scored += [(score, listing) for listing in listings]
            scored += [(0.9, listing) for listing in (self.us.get(text.upper()),) if listing is not None]
        scored.sort(key=lambda item: (-item[0], -item[1].market_cap, item[1].code))
        return list(dict.fromkeys(listing for _, listing in scored))[:n]


def candidates_text(listings: list[Listing]) -> str:
    return ", ".join(listing.label for listing in listings)


def _maybe(master: StockMaster, text: str) -> str:
    near = master.nearest(text)
    return t(". Did you mean: {candidates}", candidates=candidates_text(near)) if near else ""


def unknown_code(master: StockMaster, code: str) -> InvalidCode:
    return InvalidCode(t("{code}: no such stock code in KIS's stock master{maybe}", code=code,
                         maybe=_maybe(master, code)))


def resolve(master: StockMaster, value: object) -> Listing:
    """The one listing ``value`` means: a code (``005930``, the number 5930, ``A005930``), a US symbol
    (``AAPL``, ``NAS:AAPL``) or a Korean or English name (``삼성전자``, ``NAVER``, ``apple inc``).

    InvalidCode names the look-alikes of an unknown code or name, and every listing an ambiguous name (a name
    and a US symbol alike, ``KT``) could mean: never a guess."""
    text = value.strip() if isinstance(value, str) else value
    try:
        symbol = parse_symbol(text)
    except InvalidCode as exc:
        if not isinstance(text, str) or not text or not (_HANGUL.search(text) or re.search(r"[A-Za-z]", text)):
            raise InvalidCode(f"{exc}{_maybe(master, str(text))}" if isinstance(text, str) and text else str(exc)) \
                from None
        return _by_name(master, text, exc)
    if symbol.is_domestic:
        found = master.domestic.get(symbol.code)
        if found is None:
            raise unknown_code(master, symbol.code)
        return found
    us = master.us.get(symbol.code)
    if symbol.market is not None:  # NAS:AAPL: the exchange was given
        if us is None or us.market != symbol.market:
            raise InvalidCode(t("{code}: no such stock code in KIS's stock master{maybe}", code=str(symbol),
                                maybe=_maybe(master, symbol.code)))
        return us
    named = [listing for listing in master.named(text) if listing is not us]
    if us is not None and not named:
        return us
    if us is None and len(named) == 1:
        return named[0]
    if us is None and not named:
        raise InvalidCode(t("{name}: not a stock code, nor a stock name in KIS's stock master{maybe}", name=text,
                            maybe=_maybe(master, text)))
    raise _ambiguous(text, ([us] if us else []) + named)


def _by_name(master: StockMaster, text: str, exc: InvalidCode) -> Listing:
    named = master.named(text)
    if len(named) == 1:
        return named[0]
    if named:
        raise _ambiguous(text, named)
    if _CODE_LIKE.fullmatch(text.strip().upper()):  # 99999X: a mistyped code, said as such
        raise InvalidCode(f"{exc}{_maybe(master, text)}") from None
    raise InvalidCode(t("{name}: not a stock code, nor a stock name in KIS's stock master{maybe}", name=text,
                        maybe=_maybe(master, text)))


def _ambiguous(text: str, listings: list[Listing]) -> InvalidCode:
    return InvalidCode(t("{name} could be {n} stocks: {candidates}; type the code", name=text, n=len(listings),
                         candidates=candidates_text(listings)))


def _download(session: requests.Session, base: str, file: str, timeout: float) -> bytes:
    url = f"{base}{masterfile.MASTER_PATH}{file}.zip"
    try:
        answer = session.get(url, timeout=timeout)
    except requests.RequestException as exc:
        raise MasterUnavailable(t("KIS's stock master could not be downloaded from {url} ({reason})", url=url,
                                  reason=type(exc).__name__)) from None
    if answer.status_code != 200:
        raise MasterUnavailable(t("KIS's stock master could not be downloaded from {url} (HTTP {status})", url=url,
                                  status=answer.status_code))
    return answer.content


def _unzip(data: bytes, file: str) -> str:
    """The one file of a master zip, decoded (KIS's member names vary in case: NASMST.COD)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            member = next((n for n in names if n.lower() == file), names[0] if names else None)
            if member is None:
                raise zipfile.BadZipFile("empty")
            return archive.read(member).decode(masterfile.ENCODING, errors="replace")
    except (zipfile.BadZipFile, KeyError, OSError):
        raise MasterUnavailable(t("KIS's stock master file {file} is not a readable zip", file=file)) from None


def _folder(base: str, day: date) -> Path:
    return cache_dir() / "master" / hashlib.sha256(base.encode()).hexdigest()[:16] / day.strftime("%Y%m%d")


def load(base: str, day: date, session: requests.Session | None = None, timeout: float = 30.0) -> StockMaster:
    """The master of ``day`` from ``base``: from this process, else the cache folder, else downloaded (and
    kept there, 0600; earlier days' files are removed)."""
    with _load_lock:
        found = _loaded.get((base, day))
        if found is not None:
            return found
        folder = _folder(base, day)
        session = session or requests.Session()
        listings: list[Listing] = []
        for file, market in masterfile.DOMESTIC_FILES.items() | masterfile.US_FILES.items():
            path = folder / f"{file}.zip"
            try:
                data = path.read_bytes()
            except OSError:
                data = _download(session, base, file, timeout)
                write_bytes(path, data)
            text = _unzip(data, file)
            read = masterfile.read_us if file in masterfile.US_FILES else masterfile.read_domestic
            listings += read(text, market)
        _forget_other_days(folder)
        master = StockMaster(listings)
        _loaded[(base, day)] = master
        return master


def _forget_other_days(folder: Path) -> None:
    for old in folder.parent.iterdir():
        if old != folder and old.is_dir():
            for file in old.iterdir():
                file.unlink(missing_ok=True)
            old.rmdir()


class MasterMixin:
    """KisClient's stock master: ``master()``, ``resolve()``, ``names()``."""

    _master: StockMaster | None = None
    _master_problem: str = ""

    def master(self) -> StockMaster:
        """Today's master (the server's date), or MasterUnavailable saying why (said once per client)."""
        if self._master is None:
            if self._master_problem:
                raise MasterUnavailable(self._master_problem)
            try:
                day = self.now().astimezone(krx.KST).date()
                self._master = load(master_url(self.profile), day, self.transport.session, self.transport.timeout)
            except MasterUnavailable as exc:
                self._master_problem = str(exc)
                raise
        return self._master

    def resolve(self, value: object, *, strict: bool = True) -> Symbol:
        """What a person typed as the Symbol it means (``resolve`` above): names through the master.

        ``strict`` (orders): a code must be in the master. Otherwise (quotes) a well-formed code goes to KIS as
        typed, which answers for it. Without a master, codes go on as typed and a name is refused with why."""
        try:
            master = self.master()
        except MasterUnavailable as exc:
            try:
                return parse_symbol(value)
            except InvalidCode:
                raise InvalidCode(t("{name}: a name needs KIS's stock master, which cannot be read now ({reason}); "
                                    "type the code", name=value, reason=exc)) from None
        if not strict:
            try:
                symbol = parse_symbol(value)
            except InvalidCode:
                symbol = None
            if symbol is not None and (symbol.is_domestic or symbol.market is not None or not (
                    master.us.get(symbol.code) or master.named(symbol.code))):
                return symbol  # KIS answers for a code, or a ticker the master does not know
        listing = resolve(master, value)
        return Symbol(listing.code, "KRX" if not listing.is_us else listing.market)

    def names(self, codes: Iterable[str]) -> dict[str, str]:
        """Each code's (or US symbol's) name: the master's, else KIS's answer for it (``stock_name``), else ""
        — a code whose name cannot be told keeps "" rather than failing a listing or a report."""
        try:
            master: StockMaster | None = self.master()
        except MasterUnavailable:
            master = None
        out: dict[str, str] = {}
        for code in codes:
            listing = master.get(code) if master is not None and code else None
            if listing is not None:
                out[code] = listing.name
                continue
            try:
                out[code] = self.stock_name(normalize_code(code)) if code and code[:1].isdigit() else ""
            except KisXlError:
                out[code] = ""
        return out

    def name_of(self, code: str) -> str:
        """One code's name (``names``)."""
        return self.names([code]).get(code, "")

    def label_of(self, code: str) -> str:
        """``005930 삼성전자``: a code with its name, or saying plainly that the name could not be told."""
        name = self.name_of(code)
        return f"{code} {name}" if name else t("{code} (name unknown)", code=code)
