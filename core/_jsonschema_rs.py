"""Importing jsonschema-rs without paying for the ``email`` package.

jsonschema-rs is built with pyo3-built, whose module initialisation stores its build time in
``__build__["info-time"]``, parsed by ``email.utils.parsedate_to_datetime``.  ``email.utils``
brings ``socket``, ``random``, ``calendar``, ``urllib.parse`` and half of the ``email`` package:
about 49 M instructions of a cold start (callgrind), the largest single part of its excess over
``import markdown_it``, for a timestamp speechlint never reads.

While jsonschema-rs initialises, ``email.utils`` is a stand-in whose ``parsedate_to_datetime``
reads the one form pyo3-built writes (RFC 2822 with a numeric zone, ``Thu, 12 Nov 2026 07:50:16
+0000``) to the same value the real function returns; any other string, and any other attribute,
goes to the real module, which is then imported.  Afterwards the stand-in leaves ``sys.modules``:
whoever imports ``email.utils`` later gets the real one.
"""

from __future__ import annotations

import importlib
import sys
from types import ModuleType
from typing import Any

from speechlint import _regex

__all__ = ["load_jsonschema_rs"]

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_STAMP = (
    r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), ([0-9]{1,2}) (" + "|".join(_MONTHS) + r") ([0-9]{4}) "
    r"([0-9]{2}):([0-9]{2}):([0-9]{2}) ([+-])([0-9]{2})([0-9]{2})"
)
_REAL = "email.utils"


def load_jsonschema_rs() -> None:
    """Import jsonschema-rs, lending it a stand-in ``email.utils`` while it initialises.

    Then ``import jsonschema_rs`` finds it loaded.  Raises :class:`ImportError` as the import
    would.
    """
    if _REAL in sys.modules or "jsonschema_rs" in sys.modules:
        importlib.import_module("jsonschema_rs")
        return
    stand_in = _StandIn(_REAL)
    sys.modules[_REAL] = stand_in
    try:
        importlib.import_module("jsonschema_rs")
    finally:
        if sys.modules.get(_REAL) is stand_in:
            del sys.modules[_REAL]


class _StandIn(ModuleType):
    """``email.utils`` for pyo3-built's one call; the real module for anything else."""

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(_real_module(), name)

    def parsedate_to_datetime(self, data: Any) -> Any:
        """``email.utils.parsedate_to_datetime(data)``, without the email package for the
        usual form."""
        match = _regex.compile(_STAMP).fullmatch(data) if isinstance(data, str) else None
        if match is None or match.group(7, 8, 9) == ("-", "00", "00"):
            return _real_module().parsedate_to_datetime(data)  # (-0000 gives a naive datetime)
        from datetime import datetime, timedelta, timezone

        day, month, year, hour, minute, second, sign, zone_hours, zone_minutes = match.groups()
        offset = timedelta(hours=int(zone_hours), minutes=int(zone_minutes))
        try:
            return datetime(
                int(year),
                _MONTHS.index(month) + 1,
                int(day),
                int(hour),
                int(minute),
                int(second),
                tzinfo=timezone(-offset if sign == "-" else offset),
            )
        except ValueError:  # out of range: the real function says how
            return _real_module().parsedate_to_datetime(data)


def _real_module() -> ModuleType:
    if isinstance(sys.modules.get(_REAL), _StandIn):
        del sys.modules[_REAL]
    return importlib.import_module(_REAL)
