"""Messages inside result models: the ``Text`` field type and the JSON that carries both.

A result field of type ``Text`` holds a :class:`~postsale.core.msg.Msg` (a code and raw
parameters). ``to_dict()`` writes the sentence in the chosen language under the field's own key —
the JSON contract keeps its strings — and the code with its raw parameters beside it, under
``<field>_msg`` (a list or mapping of them for tuples and mappings of messages), so other tools
match on codes and numbers, never on words.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

from pydantic import BaseModel, PlainSerializer, PlainValidator, SerializationInfo, model_serializer

from postsale.core.msg import Msg
from postsale.i18n.render import Renderer, current, renderer

__all__ = ["Text", "TextModel", "message_codes", "render_context"]


def _validate(value: object) -> Msg:
    if not isinstance(value, Msg):
        raise ValueError(f"a message (postsale.core.msg.Msg) is required here, not {value!r}")
    return value


def _renderer(info: SerializationInfo | None) -> Renderer:
    context = info.context if info is not None else None
    chosen = context.get("renderer") if isinstance(context, Mapping) else None
    return chosen if isinstance(chosen, Renderer) else current()


def _serialize(value: Msg, info: SerializationInfo) -> str:
    return _renderer(info)(value)


Text = Annotated[Msg, PlainValidator(_validate),
                 PlainSerializer(_serialize, return_type=str)]
"""A sentence as data: a message in the model, its words (and ``_msg`` codes) in the JSON."""


def message_codes(value: object) -> object | None:
    """``value``'s messages as codes and raw parameters (None when it holds no message)."""
    if isinstance(value, Msg):
        return value.to_json()
    if isinstance(value, tuple | list) and value and all(isinstance(v, Msg) for v in value):
        return [v.to_json() for v in value]
    if isinstance(value, Mapping) and value:
        inner = {str(getattr(k, "value", k)): message_codes(v) for k, v in value.items()}
        if all(v is not None for v in inner.values()):
            return inner
    return None


def render_context(lang: str | None = None, currency: str = "USD") -> dict[str, Renderer]:
    """The serialization context that renders messages in ``lang`` with ``currency`` (None: the
    active language, ``postsale.i18n.activate``)."""
    return {"renderer": renderer(lang or current().lang, currency)}


class TextModel(BaseModel):
    """A model whose JSON adds ``<field>_msg`` beside every field that holds messages."""

    @model_serializer(mode="wrap")
    def _with_codes(self, handler: Any, info: SerializationInfo) -> Any:
        data = handler(self)
        if not isinstance(data, dict):  # pragma: no cover - models always dump to dicts
            return data
        for name in type(self).model_fields:
            codes = message_codes(getattr(self, name))
            if codes is not None and name in data:
                data[f"{name}_msg"] = codes
        return data
