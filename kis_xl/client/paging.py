"""KIS's continuation paging in one place: header tr_cont plus the CTX_AREA_FK/NK keys.

A reply whose header ``tr_cont`` is F or M has more: ask again with ``tr_cont: N`` and the
returned ctx keys. SYDB0050 ("data changed since the query") means start over; both the number
of pages and of restarts are bounded, so a misbehaving server cannot loop us forever.
"""

from __future__ import annotations

from ..errors import KisError, KisXlError

MAX_PAGES = 500
MAX_RESTARTS = 3
DATA_CHANGED = "SYDB0050"


def collect(transport, endpoint: str, params: dict, *, ctx: tuple[str, str] = ("CTX_AREA_FK100", "CTX_AREA_NK100"),
            list_key: str = "output1", max_pages: int = MAX_PAGES):
    """All rows of a paged query and the last page's response (for its summary outputs)."""
    fk, nk = ctx
    for _restart in range(MAX_RESTARTS + 1):
        query = dict(params, **{fk: "", nk: ""})
        rows: list[dict] = []
        tr_cont = ""
        try:
            for _page in range(max_pages):
                resp = transport.call(endpoint, params=query, tr_cont=tr_cont)
                page = resp.body.get(list_key) or []
                rows.extend(r for r in (page if isinstance(page, list) else [page]) if any(r.values()))
                if not resp.has_more:
                    return rows, resp
                query[fk] = resp.body.get(fk.lower(), "")
                query[nk] = resp.body.get(nk.lower(), "")
                tr_cont = "N"
            raise KisXlError(f"{endpoint}: more than {max_pages} pages; stopped")
        except KisError as exc:
            if exc.msg_cd != DATA_CHANGED:
                raise
    raise KisXlError(f"{endpoint}: the data kept changing while paging ({MAX_RESTARTS} restarts); try again")
