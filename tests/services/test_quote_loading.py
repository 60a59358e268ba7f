"""A live cell's first answer alone: what arrives in time, what shows "loading", and where a price comes from."""

from __future__ import annotations

import math
from concurrent.futures import Future

from kis_xl.errors import InvalidCode
from kis_xl.services.quotes.loading import LOADING, REST, STALE, Loading, first_answers, polled_source


def test_answers_that_arrived_are_shown_the_rest_are_loading():
    done, failed, pending = Future(), Future(), Future()
    done.set_result("quote")
    failed.set_exception(InvalidCode("unknown code 995000"))
    answers = first_answers({"a": done, "b": failed, "c": pending}, busy=True)
    assert answers["a"] == "quote" and isinstance(answers["b"], InvalidCode) and isinstance(answers["c"], Loading)
    assert not pending.done()  # still fetched behind the sheet


def test_a_price_is_rest_until_stale_and_loading_without_an_answer():
    assert polled_source(("quote", 100.0, 0), 110.0, 30.0) == (REST, 10.0)
    assert polled_source(("quote", 100.0, 0), 131.0, 30.0) == (STALE, 31.0)
    for entry in (None, (InvalidCode("unknown code 995000"), 100.0, 0)):
        source, age = polled_source(entry, 110.0, 30.0)
        assert source == LOADING and math.isnan(age)
