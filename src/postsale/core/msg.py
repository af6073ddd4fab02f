"""Messages as data: a stable code and its parameters, never words (STYLE.md lesson 13).

The core says *what* it means — ``Msg("triggers.load", accounts=300, threshold=250.0)`` — and the
rendering layer (``postsale.i18n``) says it in the reader's language from the message catalogs,
formatting the raw numbers, amounts and dates through Babel. A parameter is a raw value: a number
(amounts in the company currency, shares as fractions), a key (tier, role, benchmark key), a name
from the user's own data, a date, a nested message, or a tuple of these (rendered as a list).

Codes are literal strings at the call site (``tests/i18n`` finds every one and checks that each
catalog holds it), so a code is something other tools can match on, like warning codes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, ItemsView, Iterator, KeysView, Mapping, ValuesView
from typing import Any, TypeAlias

__all__ = ["Msg", "Param", "install_renderer", "msg_params_json"]

Param: TypeAlias = "bool | int | float | str | dt.date | Msg | tuple[Param, ...] | None"


class Msg(Mapping[str, Any]):
    """An immutable message: ``code`` plus keyword parameters.

    A Mapping of its parameters so templates can read them by name; hashable and comparable so
    results that hold messages stay frozen values."""

    __slots__ = ("_hash", "_params", "_sig", "code")

    def __init__(self, code: str, /, **params: Param) -> None:
        self.code = code
        # ``params`` is this call's own dict; lists become tuples (a message is immutable)
        if any(isinstance(v, list) for v in params.values()):
            params = {k: (tuple(v) if isinstance(v, list) else v) for k, v in params.items()}
        self._params: dict[str, Param] = params
        self._hash: int | None = None
        self._sig: object = None

    def __getitem__(self, key: str) -> Any:
        return self._params[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._params)

    def __len__(self) -> int:
        return len(self._params)

    def items(self) -> ItemsView[str, Any]:
        """The parameters' items (the dict's own view: Mapping's generic one is several times
        slower, and org charts walk thousands of nested titles)."""
        return self._params.items()

    def keys(self) -> KeysView[str]:
        return self._params.keys()

    def values(self) -> ValuesView[Any]:
        return self._params.values()

    def __bool__(self) -> bool:
        """A message is always something to say, even one without parameters (a Mapping with no
        items would otherwise be falsy)."""
        return True

    def __eq__(self, other: object) -> bool:
        """Equal code and parameters of the same types: ``True``, ``1`` and ``1.0`` are equal in
        Python but say different things ("yes", "1", "1.0"), so messages holding them differ."""
        if self is other:
            return True
        return (isinstance(other, Msg) and other.code == self.code
                and other._params == self._params and _types(other) == _types(self))

    def __hash__(self) -> int:
        """Computed once (a message is immutable): renderers key their memo on messages."""
        if self._hash is None:
            self._hash = hash((self.code, tuple(sorted(
                (k, _hashable(v)) for k, v in self._params.items()))))
        return self._hash

    def __repr__(self) -> str:
        inner = ", ".join(f"{k}={v!r}" for k, v in self._params.items())
        return f"Msg({self.code!r}{', ' if inner else ''}{inner})"

    def __str__(self) -> str:
        """The sentence in the active language when a rendering layer is installed (``postsale.i18n``
        installs one on import, like Django's lazy translations); else the code and parameters."""
        return _render_hook(self) if _render_hook is not None else repr(self)

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)

    def with_params(self, **params: Param) -> Msg:
        """The same code with some parameters replaced or added."""
        return Msg(self.code, **{**self._params, **params})

    def to_json(self) -> dict[str, Any]:
        """``{"code": ..., "params": {...}}`` with raw values (dates ISO, nested messages alike)."""
        return {"code": self.code, "params": msg_params_json(self._params)}


_render_hook: Callable[[Msg], str] | None = None


def install_renderer(hook: Callable[[Msg], str] | None) -> None:
    """Install how ``str(msg)`` renders (the rendering layer's job; the core has no words)."""
    global _render_hook
    _render_hook = hook


def _types(value: object) -> object:
    """The types inside a message's parameters (nested messages and tuples alike); a message's
    own is computed once (it is immutable)."""
    if isinstance(value, Msg):
        if value._sig is None:
            value._sig = tuple((k, _types(v)) for k, v in value._params.items())
        return value._sig
    if isinstance(value, tuple):
        return tuple(_types(v) for v in value)
    return type(value)


def _hashable(value: object) -> object:
    if isinstance(value, float) and value != value:  # NaN: hash equal to itself
        return "nan"
    return value


def _json_value(value: object) -> object:
    if isinstance(value, Msg):
        return value.to_json()
    if isinstance(value, tuple):
        return [_json_value(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
        return None
    if hasattr(value, "item"):  # a NumPy scalar that slipped through: its Python value
        return value.item()
    return value


def msg_params_json(params: Mapping[str, object]) -> dict[str, object]:
    """The parameters as JSON-ready values."""
    return {k: _json_value(v) for k, v in params.items()}
