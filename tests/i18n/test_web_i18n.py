"""The web app's words live in postsale's catalogs too (issue 14 item 7, issue 13 item 1).

- every ``{% t 'code' %}`` literal in ``src/postsale/web/templates`` is in every language; a code
  built with ``|add:`` (``{% t 'web.role.'|add:m.role %}``) has every ending it can take;
- every message-code literal in ``src/postsale/web`` Python (``Msg("web.x")``, the nav table's
  ``"web.nav.plan"``) is in every language;
- the templates hold no bare text: once tags, template syntax, comments, scripts and entities are
  stripped, no letter is left (any script, not only English) except the brand ``postsale``, and
  the attributes a user reads (title, alt, placeholder, aria-label, a button's value) hold only
  template syntax;
- the web app's Python holds no English prose literal (the same AST scan as core and report).

Other helpers' pages must pass this when merged: that is its point.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from postsale.i18n.catalog import LANGUAGES, catalog

WEB = Path(__file__).resolve().parents[2] / "src" / "postsale" / "web"
TEMPLATES = WEB / "templates"

#: words that are the same in every language
BRAND = {"postsale"}
#: the endings a ``'prefix.'|add:value`` code can take, by prefix
ENDINGS: dict[str, tuple[str, ...]] = {
    "web.role.": ("viewer", "planner", "admin"),
    "web.language_name.": LANGUAGES,
    "web_uploads.kind.": ("accounts", "subscriptions", "opportunities", "tickets", "team"),
    "web_uploads.status.": ("ok", "error", "pending"),
    "web_uploads.job.status.": ("queued", "running", "done", "failed"),
    "web_org.job.": ("queued", "running", "done", "failed"),  # a rebalance job's status
    "web_org.owners.from.": ("draft", "proposed", "approved", "rejected"),  # a version's status
    "web_versions.status.": ("draft", "proposed", "approved", "rejected", "current", "superseded"),
    "web_versions.kind.": ("plan", "assignment", "projection"),
    "web_plan.renewal.": ("csm", "sales", "desk", "automatic"),  # planning.RenewalOwner
    # postsale's own report codes: a tier, a role or an organization model (core's labels) …
    "label.": ("high_touch", "low_touch", "tech_touch",
               "csm_high_touch", "csm_low_touch", "csm_tech_touch", "cs_ops", "manager",
               "team_lead", "director", "vp", "cco", "ceo_coo", "cro", "tam",
               "implementation_specialist", "renewals_specialist", "support_engineer",
               "generalist", "specialist", "pod", "geographic", "enterprise", "mid_market", "smb"),
    # … a budget status, a tier's economics verdict, an advice check's status
    "report.budget.status.": ("needed_fits", "funded", "exceeds_budget"),
    "report.verdict.": ("comfortable", "workable", "too_expensive", "no_accounts"),
    "report.check.": ("passed", "failed", "not_evaluable"),
    "web_proj.job.status.": ("queued", "running", "done", "failed"),
}

_T_TAG = re.compile(r"""\{%\s*t\s+(["'])([^"']+)\1(\s*\|\s*add\s*:)?""")
_CODE = re.compile(r"web(_[a-z0-9]+)*(\.[a-z0-9_]+)+")
_FILE_SUFFIX = re.compile(r"\.(html|css|js|txt|json|py|toml|csv|xlsx|svg|png)$")
_COMMENT = re.compile(r"\{#.*?#\}|\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}", re.S)
_SYNTAX = re.compile(r"\{%.*?%\}|\{\{.*?\}\}", re.S)
_RAW = re.compile(r"<(script|style)\b.*?</\1\s*>", re.S | re.I)
_TAG = re.compile(r"<[^>]*>", re.S)
_ENTITY = re.compile(r"&(#\d+|#x[0-9a-f]+|[a-z]+);", re.I)
_WORD = re.compile(r"[^\W\d_]+")
_READ_ATTRS = re.compile(r"""\b(title|alt|placeholder|aria-label|aria-description|label)\s*=\s*
                             (?:"([^"]*)"|'([^']*)')""", re.X | re.I)
_BUTTON_VALUE = re.compile(r"""<input\b[^>]*\btype\s*=\s*["']?(submit|button|reset)[^>]*>""", re.I)


def _templates() -> list[Path]:
    return sorted(TEMPLATES.rglob("*.html"))


def _template_codes() -> dict[str, tuple[str, bool]]:
    """code (or prefix) → (template, whether it is a prefix completed with ``|add:``)."""
    found: dict[str, tuple[str, bool]] = {}
    for path in _templates():
        for match in _T_TAG.finditer(path.read_text(encoding="utf-8")):
            found.setdefault(match.group(2), (str(path.relative_to(TEMPLATES)), bool(match.group(3))))
    return found


def _python_codes() -> dict[str, str]:
    found: dict[str, str] = {}
    for path in sorted(WEB.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                    and _CODE.fullmatch(node.value) and not _FILE_SUFFIX.search(node.value):
                found.setdefault(node.value, f"{path.relative_to(WEB)}:{node.lineno}")
    return found


def test_the_scanners_find_the_codes_in_use() -> None:
    """The scans read something: a regex that matched nothing would pass every other test."""
    assert "web.login.title" in _template_codes()
    assert _template_codes()["web.role."][1]
    assert "web.nav.plan" in _python_codes()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_template_code_is_in_the_catalog(lang: str) -> None:
    messages = catalog(lang).messages
    missing: dict[str, str] = {}
    for code, (where, prefix) in _template_codes().items():
        if not prefix:
            if code not in messages:
                missing[code] = where
            continue
        endings = ENDINGS.get(code)
        if endings is None:
            missing[code] = f"{where}: a code built with |add: — list its endings in ENDINGS"
            continue
        missing.update({code + end: where for end in endings if code + end not in messages})
    assert not missing, f"{lang}: template codes not in the catalogs: {missing}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_python_code_of_the_web_app_is_in_the_catalog(lang: str) -> None:
    messages = catalog(lang).messages
    missing = {code: where for code, where in _python_codes().items() if code not in messages}
    assert not missing, f"{lang}: codes in src/postsale/web not in the catalogs: {missing}"


def bare_text(source: str) -> list[str]:
    """The words a reader would see that do not come from a catalog."""
    text = _COMMENT.sub(" ", source)
    text = _SYNTAX.sub(" ", text)
    text = _RAW.sub(" ", text)
    words: list[str] = []
    for tag in _TAG.findall(text):
        for match in _READ_ATTRS.finditer(tag):
            words += _WORD.findall(match.group(2) or match.group(3) or "")
        if _BUTTON_VALUE.fullmatch(tag):
            value = re.search(r"""\bvalue\s*=\s*(?:"([^"]*)"|'([^']*)')""", tag)
            if value:
                words += _WORD.findall(value.group(1) or value.group(2) or "")
    text = _ENTITY.sub(" ", _TAG.sub(" ", text))
    words += _WORD.findall(text)
    return [word for word in words if word.lower() not in BRAND]


def test_the_bare_text_scanner_catches_text_and_lets_syntax_through() -> None:
    assert bare_text("<p>Save</p>") == ["Save"]
    assert bare_text('<input type="submit" value="Go">') == ["Go"]
    assert bare_text('<a title="Help" href="/x">{% t "web.x" %}</a>') == ["Help"]
    assert bare_text("<h1>保存</h1>") == ["保存"]
    assert bare_text('<b>{% t "web.x" %}</b> · postsale &middot; {{ n|num }} 12 —') == []
    assert bare_text('<script src="a.js">var x</script>{# note #}<i aria-label="{% t "a.b" %}"></i>') == []
    assert bare_text('<option value="{{ c }}" {% if c == x %}selected{% endif %}>') == []


@pytest.mark.parametrize("path", _templates(), ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_templates_hold_no_bare_text(path: Path) -> None:
    found = bare_text(path.read_text(encoding="utf-8"))
    assert not found, (f"{path.relative_to(TEMPLATES)}: words outside the catalogs {found[:20]} "
                       "— use {% t 'web_<area>.code' %}")


def test_no_prose_literals_in_the_web_apps_python() -> None:
    from test_no_english_outside_catalogs import _prose_literals  # type: ignore[import-not-found]

    found = [hit for path in sorted(WEB.rglob("*.py")) if "migrations" not in path.parts
             for hit in _prose_literals(path)]
    assert not found, f"{len(found)} English literals outside the catalogs:\n" + "\n".join(found)
