"""jsonschema-rs imported with a stand-in ``email.utils`` (speechlint._jsonschema_rs): the same
values as with the real module, and the real module for everyone afterwards."""

from __future__ import annotations

import email.utils
import json
import subprocess
import sys
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from speechlint._jsonschema_rs import _StandIn

_ZONES = st.integers(min_value=-(23 * 60 + 59), max_value=23 * 60 + 59).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)


def _outcome(parse, data):
    try:
        value = parse(data)
    except (ValueError, TypeError) as exc:
        return type(exc)
    return repr(value), value.tzinfo


@given(st.datetimes(min_value=datetime(1900, 1, 1), timezones=_ZONES))
def test_the_stand_in_reads_rfc_2822_stamps_as_email_utils_does(moment):
    stamp = email.utils.format_datetime(moment.replace(microsecond=0))
    stand_in = _StandIn("email.utils")
    assert _outcome(stand_in.parsedate_to_datetime, stamp) == _outcome(
        email.utils.parsedate_to_datetime, stamp
    )


@pytest.mark.parametrize(
    "stamp",
    [
        "Thu, 12 Nov 2026 07:50:16 +0000",
        "Thu, 12 Nov 2026 07:50:16 -0000",  # "no zone known": a naive datetime
        "Sun, 31 Feb 2027 01:02:03 +0800",  # no such day
        "Mon, 1 Jan 2001 24:00:00 +0000",
        "12 Nov 2026 07:50:16 +0000",  # no weekday
        "Thu, 12 Nov 2026 07:50:16 GMT",
        "Thu, 12 Nov 26 07:50:16 +0000",
        "not a date",
        "",
    ],
)
def test_other_forms_and_bad_stamps_go_to_the_real_function(stamp):
    assert _outcome(_StandIn("email.utils").parsedate_to_datetime, stamp) == _outcome(
        email.utils.parsedate_to_datetime, stamp
    )


# In a fresh interpreter: import through the stand-in, then report what the process sees.
_PROBE = """
import json, sys
from speechlint._jsonschema_rs import load_jsonschema_rs
if sys.argv[1] == "preloaded":
    import email.utils
load_jsonschema_rs()
import jsonschema_rs as module
build = getattr(module.jsonschema_rs, "__build__", {}).get("info-time")
before = "email.utils" in sys.modules
import email.utils
real = email.utils.parsedate_to_datetime
print(json.dumps({
    "valid": module.validator_for({"type": "integer"}).is_valid(3),
    "email_utils_after_import": before,
    "real_module_later": type(email.utils).__name__ == "module" and callable(real),
    "same_build_time": build is None or build == real(build.strftime("%a, %d %b %Y %H:%M:%S %z")),
}))
"""


@pytest.mark.parametrize("mode", ["fresh", "preloaded"])
def test_jsonschema_rs_works_and_the_real_email_utils_comes_later(mode):
    probe = subprocess.run(
        [sys.executable, "-c", _PROBE, mode], capture_output=True, text=True, check=True
    )
    seen = json.loads(probe.stdout)
    assert seen == {
        "valid": True,
        "email_utils_after_import": mode == "preloaded",
        "real_module_later": True,
        "same_build_time": True,
    }


def test_any_other_attribute_loads_the_real_module(monkeypatch):
    stand_in = _StandIn("email.utils")
    monkeypatch.setitem(sys.modules, "email.utils", stand_in)
    assert stand_in.formataddr is email.utils.formataddr
    assert sys.modules["email.utils"] is email.utils  # the stand-in made way
    with pytest.raises(AttributeError):
        stand_in.__path__  # noqa: B018 - what the import system asks of a package
