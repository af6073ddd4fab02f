"""Messages inside free-form result data (``OrgFit.charts``, the org design's dicts).

A field of type :data:`Tree` holds plain JSON-like data — dicts, lists, numbers, names — in which
sentences are :class:`~postsale.core.msg.Msg` values. Its JSON renders each message in the chosen
language under its own key and adds ``<key>_msg`` (code and raw parameters) beside a key whose value
is a message or a list of messages, as ``results_text.Text`` does for typed fields. Node and edge
lists are copied as they are: they hold ids, names and numbers, and a million-account chart has
tens of thousands of nodes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

from pydantic import PlainSerializer, SerializationInfo

from postsale.core.msg import Msg
from postsale.i18n.render import Renderer, current
from postsale.results_text import message_codes

__all__ = ["Tree", "render_tree"]

_DATA_KEYS = frozenset({"nodes", "edges"})  # ids, names and numbers only: not walked


_PLAIN = frozenset({str, int, float, bool, type(None)})


def render_tree(value: Any, render: Renderer) -> Any:
    """``value`` with every message rendered by ``render`` and ``<key>_msg`` codes added."""
    kind = type(value)
    if kind in _PLAIN:
        return value
    if kind is Msg or isinstance(value, Msg):
        return render(value)
    if kind is dict or isinstance(value, Mapping):
        out: dict[Any, Any] = {}
        for key, item in value.items():
            if type(item) in _PLAIN or key in _DATA_KEYS:
                out[key] = item
                continue
            out[key] = render_tree(item, render)
            if isinstance(item, Msg) or (isinstance(item, list | tuple) and item
                                         and all(isinstance(x, Msg) for x in item)):
                out[f"{getattr(key, 'value', key)}_msg"] = message_codes(item)
        return out
    if isinstance(value, list | tuple):
        return [render_tree(item, render) for item in value]
    return value


def _serialize(value: Any, info: SerializationInfo) -> Any:
    context = info.context if info is not None else None
    chosen = context.get("renderer") if isinstance(context, Mapping) else None
    return render_tree(value, chosen if isinstance(chosen, Renderer) else current())


Tree = Annotated[Any, PlainSerializer(_serialize, return_type=Any)]
"""Free-form data whose sentences are messages: rendered (with ``_msg`` codes) in the JSON."""
