"""Any read-only KIS endpoint by name, for KisClient (KIS_QUERY, `kis-xl query`): what no typed method offers."""

from __future__ import annotations


from .. import spec
from ..errors import InvalidInput, KisError
from ..models import QueryResult
from .market import UNKNOWN_CODE_MSGS, refused_dates


class QueryMixin:
    """KIS GET endpoints named in spec.py, pages followed, outputs as rows of strings."""

    def query(self, api: str, params: dict | None = None, output: str | None = None,
              max_pages: int = 20) -> QueryResult:
        """Any read-only endpoint the spec knows, by name or path (``inquire-index-price``), with KIS's own
        parameter names, validated against the spec (CANO/ACNT_PRDT_CD come from the profile). Follows
        tr_cont pages up to ``max_pages``; rows keep KIS's field names and string values."""
        try:
            ep = spec.find_endpoint(api)
        except KeyError as exc:
            raise InvalidInput(str(exc.args[0])) from None
        if not ep.read_only:
            raise InvalidInput(f"{api} places orders: KIS_QUERY only reads")
        spelled = {k.upper(): k for k in ep.inputs}  # KIS's own spelling (psearch's user_id, seq are lower case)
        given = {spelled.get(k, k): "" if v is None else str(v)
                 for k, v in ((str(k).strip().upper(), v) for k, v in (params or {}).items())}
        account = "/trading/" in ep.path
        if account:
            given = {**self._account(), **given}
        allowed = set(ep.inputs)
        unknown = sorted(set(given) - allowed)
        if unknown:
            raise InvalidInput(f"unknown parameter {unknown[0]} for {ep.name}: it takes "
                               f"{', '.join(k for k in ep.inputs if k not in ('CANO', 'ACNT_PRDT_CD'))}")
        missing = [k for k in ep.required if k not in given]
        if missing:
            raise InvalidInput(f"{ep.name} needs {', '.join(missing)}")
        transport = self.transport if account else self.market_transport
        outputs: dict[str, list] = {}
        query, tr_cont = dict(given), ""
        for _ in range(max_pages):
            try:
                resp = transport.call(ep.name, params=query, tr_cont=tr_cont)
            except KisError as exc:
                if refused_dates(exc):
                    raise InvalidInput(f"KIS refuses the dates asked ({exc.msg1})") from None
                if exc.msg_cd in UNKNOWN_CODE_MSGS:
                    raise InvalidInput(f"KIS refused the input: {exc.msg1}") from None
                raise
            for key in ("output", "output1", "output2", "output3"):
                value = resp.body.get(key)
                if value is None:
                    continue
                rows = value if isinstance(value, list) else [value]
                if isinstance(value, list) or key not in outputs:
                    outputs.setdefault(key, []).extend(r for r in rows if isinstance(r, dict))
                else:
                    outputs[key] = [r for r in rows if isinstance(r, dict)]  # a summary: the last page's
            ctx = {k.upper(): v for k, v in resp.body.items() if k.lower().startswith("ctx_area_")}
            if not resp.has_more or not ctx:
                break
            query.update(ctx)
            tr_cont = "N"
        if output:
            key = output.strip().lower()
            if key not in outputs:
                raise InvalidInput(f"{ep.name} answers {', '.join(outputs) or 'nothing'}, not {output}")
        else:
            lists = [k for k in outputs if len(outputs[k]) > 1]
            key = max(lists, key=lambda k: len(outputs[k])) if lists else next(iter(outputs), "output")
        return QueryResult(ep.name, key, outputs.get(key, []), outputs)
