"""``[support]`` of the company file: defaults, aliases and errors that name the key and the fix."""

from __future__ import annotations

from typing import Any

import pytest

from postsale.company import company_from_mapping
from postsale.core.benchmarks import Benchmarks
from postsale.errors import ConfigError


def _support(benchmarks: Benchmarks, support: Any) -> Any:
    return company_from_mapping({"support": support}, "company.toml", benchmarks).support


def test_no_section_means_no_channels(benchmarks: Benchmarks) -> None:
    company = company_from_mapping({}, "company.toml", benchmarks)
    assert company.support.channels == {}
    assert company.support.premium_24x7 is None


def test_channels_and_premium_parse_with_aliases(benchmarks: Benchmarks) -> None:
    support = _support(benchmarks, {
        "channels": {"chat": {"kind": "chat", "hours": "24×7", "concurrency": 3, "share": 0.5},
                     "desk": {"kind": "tickets", "resolution_hours": 8, "share": 0.5}},
        "premium_24x7": {"price": 5000, "adoption": 0.2, "channel": "desk"}})
    assert support.channels["chat"].hours == "24x7"
    assert support.channels["desk"].kind == "email"
    assert support.premium_24x7.adoption == 0.2


@pytest.mark.parametrize(("support", "key", "words"), [
    ({"channels": {"chat": {"hours": "8x5"}}}, "support.channels.chat.kind", "no kind"),
    ({"channels": {"chat": {"kind": "fax"}}}, "support.channels.chat.kind", "Input should be"),
    ({"channels": {"chat": {"kind": "chat", "hours": "9to5"}}}, "support.channels.chat.hours",
     "Input should be"),
    ({"channels": {"chat": {"kind": "chat", "resolution_hours": 8}}},
     "support.channels.chat.resolution_hours", "applies to email"),
    ({"channels": {"mail": {"kind": "email", "answer_seconds": 30}}},
     "support.channels.mail.answer_seconds", "applies to live channels"),
    ({"channels": {"phone": {"kind": "phone", "concurrency": 2}}},
     "support.channels.phone.concurrency", "applies to chat"),
    ({"channels": {"chat": {"kind": "chat", "service_level": 1.5}}},
     "support.channels.chat.service_level", "less than 1"),
    ({"channels": {"chat": {"kind": "chat", "shrinkage": 0.95}}},
     "support.channels.chat.shrinkage", "less than or equal to 0.8"),
    ({"channels": {"chat": {"kind": "chat", "handel_minutes": 5}}},
     "support.channels.chat.handel_minutes", "handle_minutes"),
    ({"channels": {"a": {"kind": "chat", "share": 0.5}, "b": {"kind": "email", "share": 0.4}}},
     "support.channels", "add up to 0.9"),
    ({"channels": {"a": {"kind": "chat", "share": 0.5}, "b": {"kind": "email"}}},
     "support.channels.b.share", "no share"),
    ({"channels": {"a": {"kind": "chat", "tickets_per_day": 5}, "b": {"kind": "email"}}},
     "support.channels.b.tickets_per_day", "no tickets_per_day"),
    ({"chanels": {}}, "support.chanels", "channels"),
    ({"channels": {"chat": {"kind": "chat"}}, "premium_24x7": {"price": 100}},
     "support.premium_24x7.adoption", "Field required"),
    ({"channels": {"chat": {"kind": "chat"}}, "premium_24x7": {"price": 1, "adoption": 0.1,
                                                                "channel": "caht"}},
     "support.premium_24x7.channel", "did you mean 'chat'"),
    ({"channels": {"chat": {"kind": "chat", "hours": "24x7"}},
      "premium_24x7": {"price": 1, "adoption": 0.1}}, "support.premium_24x7", "already open 24×7"),
    ({"premium_24x7": {"price": 1, "adoption": 0.1}}, "support.premium_24x7", "needs a channel"),
])
def test_errors_name_the_key_and_the_fix(benchmarks: Benchmarks, support: Any, key: str,
                                         words: str) -> None:
    with pytest.raises(ConfigError) as err:
        _support(benchmarks, support)
    assert err.value.key == key
    assert words in str(err.value)
    assert str(err.value.fix)
