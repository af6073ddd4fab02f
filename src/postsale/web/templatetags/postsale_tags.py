"""``{% t "web.code" name=value %}`` renders a postsale message in the request's language (the web
app's words live in postsale's catalogs, domains ``web*``, like every other sentence); the ``tr``
filter renders a Msg or a code; ``money``/``pct``/``num`` format figures the active language's way.
Output is escaped by Django's autoescape (the filters return plain strings)."""

from __future__ import annotations

from typing import Any

from django import template

from postsale.core.msg import Msg
from postsale.i18n import current, tr

register = template.Library()


@register.simple_tag(name="t")
def translate(code: str, **params: Any) -> str:
    return tr(Msg(code, **params))


@register.filter(name="tr")
def translate_value(value: Any) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, Msg):
        return tr(value)
    if isinstance(value, dict) and "code" in value and "params" in value:
        return tr(Msg(value["code"], **value["params"]))
    return str(value)


@register.filter(name="stored_text")
def stored_text(row: Any, field: str) -> str:
    """A stored sentence (an upload's problem or fix) in the reader's language: from its message
    (``<field>_msg``) when it has one, else the text as it was written."""
    if not isinstance(row, dict):
        return ""
    from postsale.web.jobs import msg_from_json

    message = msg_from_json(row.get(f"{field}_msg"))
    return tr(message) if message is not None else str(row.get(field) or "")


@register.simple_tag(name="no_worker_for")
def no_worker_for(job: Any) -> bool:
    """Whether ``job`` waits in the queue with no ``postsale worker`` alive to take it (no
    heartbeat within the stale limit): the page then says to start one instead of polling a
    queued job for ever."""
    if getattr(job, "status", None) != "queued":
        return False
    import datetime as dt

    from django.utils import timezone

    from postsale.web.jobs import STALE_SECONDS
    from postsale.web.models import WorkerHeartbeat

    recent = timezone.now() - dt.timedelta(seconds=STALE_SECONDS)
    return not WorkerHeartbeat.objects.filter(last_seen__gte=recent).exists()


@register.filter(name="money")
def money(value: Any, spec: str = "money") -> str:
    return "—" if value is None else current().value(value, spec)


@register.filter(name="pct")
def pct(value: Any, spec: str = "pct1") -> str:
    return "—" if value is None else current().value(value, spec)


@register.filter(name="num")
def num(value: Any, spec: str = "int") -> str:
    return "—" if value is None else current().value(value, spec)
