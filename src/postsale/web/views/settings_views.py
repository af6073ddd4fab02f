"""Company settings: the workspace's company file (``Workspace.company_toml``, the same schema as
the CLI's ``--company`` file) as validated forms, a raw TOML editor for everything else, and
import / export of the file itself.

Every change goes through one path (``save_company``): the new TOML text is validated with
postsale's own company rules (``books.company_of``), so a wrong value is refused with the key,
the problem and the fix that the CLI would print, and the audit log keeps a before/after summary
of the keys that changed. The form fields are a view on the TOML: keys they do not cover (
scenarios, support channels, column maps…) are kept as they are.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from typing import Any

import tomli_w
from django import forms
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_GET, require_http_methods

from postsale.benchmarks import default_benchmarks
from postsale.core.msg import Msg
from postsale.errors import ConfigError
from postsale.i18n import LANGUAGES, tr
from postsale.keys import ROLE_KEYS, TIER_KEYS
from postsale.web.access import workspace_of, workspace_view
from postsale.web.audit import record
from postsale.web.books import company_of
from postsale.web.models import Role, Workspace

MAX_TOML_BYTES = 1024 * 1024
GROWTH_ROWS = 3
THRESHOLDS = ("tiering.high_touch_min_acv", "tiering.low_touch_min_acv",
              "tiering.tech_touch_min_acv")


@dataclass(frozen=True)
class Setting:
    """One form field and where it lives in the company file: ``table`` and ``key`` (a
    ``[benchmarks]`` key holds dots: ``"tiering.high_touch_min_acv"``); ``error_key`` is the key
    postsale's ConfigError names for it."""

    field: str
    table: str
    key: str
    kind: str  # text | number | whole | language
    label: Msg
    error_key: str


def _settings() -> tuple[Setting, ...]:
    out = [
        Setting("company_name", "company", "name", "text", Msg("web_settings.f.name"),
                "company.name"),
        Setting("currency", "company", "currency", "text", Msg("web_settings.f.currency"),
                "company.currency"),
        Setting("language", "company", "language", "language", Msg("web_settings.f.language"),
                "company.language"),
        Setting("budget_amount", "budget", "amount", "number",
                Msg("web_settings.f.budget_amount"), "budget.amount"),
        Setting("budget_share", "budget", "share", "number", Msg("web_settings.f.budget_share"),
                "budget.share"),
    ]
    out += [Setting(f"aps_{tier}", "accounts_per_csm", str(tier), "number",
                    Msg("web_settings.f.aps", tier=str(tier)),
                    f"accounts_per_csm.{tier}") for tier in TIER_KEYS]
    out += [Setting(f"threshold_{key.split('.')[1].removesuffix('_min_acv')}", "benchmarks", key,
                    "number", Msg(f"web_settings.f.{key.replace('.', '_')}"), key)
            for key in THRESHOLDS]
    out += [Setting(f"cost_{role}", "costs", str(role), "number",
                    Msg("web_settings.f.cost", role=str(role)), f"costs.{role}")
            for role in ROLE_KEYS]
    return tuple(out)


SETTINGS = _settings()
#: tables whose keys are benchmark keys (``<table>.<key>``, or the key itself in [benchmarks])
BENCHMARK_TABLES = ("accounts_per_csm", "costs", "benchmarks")
#: a growth target's fields: (name, kind, label code)
GROWTH_FIELDS = (("months", "whole", "web_settings.f.growth_months"),
                 ("customers", "whole", "web_settings.f.growth_customers"),
                 ("arr", "number", "web_settings.f.growth_arr"))


def _field(kind: str, label: str) -> forms.Field:
    if kind == "language":
        return forms.ChoiceField(required=False, label=label,
                                 choices=[("", "—"), *((code, tr(Msg(f"web.language_name.{code}")))
                                                       for code in LANGUAGES)])
    if kind == "whole":
        return forms.IntegerField(required=False, label=label)
    if kind == "number":
        return forms.FloatField(required=False, label=label)
    return forms.CharField(required=False, label=label, max_length=200)


class CompanyForm(forms.Form):
    """The common settings; built per request so the labels follow the request's language."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        defaults = default_benchmarks()
        for setting in SETTINGS:
            field = self.fields[setting.field] = _field(setting.kind, tr(setting.label))
            if setting.table in BENCHMARK_TABLES:  # the value used when the field is empty
                field.widget.attrs["placeholder"] = str(_tidy(defaults.value(setting.error_key)))
        for row in range(1, GROWTH_ROWS + 1):
            for name, kind, code in GROWTH_FIELDS:
                self.fields[f"growth_{row}_{name}"] = _field(kind, tr(Msg(code, row=row)))


def parse(text: str) -> dict[str, Any]:
    """The TOML text as a mapping ({} for an empty or unreadable text — the raw editor shows
    the parse error)."""
    try:
        return tomllib.loads(text) if text.strip() else {}
    except tomllib.TOMLDecodeError:
        return {}


def _read(raw: dict[str, Any], setting: Setting) -> Any:
    table = raw.get(setting.table, {})
    if not isinstance(table, dict):
        return None
    if setting.key in table:
        return table[setting.key]
    head, _, tail = setting.key.partition(".")  # [benchmarks.tiering] high_touch_min_acv = …
    nested = table.get(head) if tail else None
    return nested.get(tail) if isinstance(nested, dict) else None


def initial_of(raw: dict[str, Any]) -> dict[str, Any]:
    """The form's values from the company mapping."""
    initial = {s.field: _read(raw, s) for s in SETTINGS}
    growth = raw.get("growth", [])
    for row, target in enumerate(growth[:GROWTH_ROWS] if isinstance(growth, list) else [],
                                 start=1):
        for name, _kind, _code in GROWTH_FIELDS:
            initial[f"growth_{row}_{name}"] = target.get(name) if isinstance(target, dict) else None
    return {k: _tidy(v) for k, v in initial.items() if v is not None}


def _tidy(value: Any) -> Any:
    """2500000.0 → 2500000: whole numbers read and write without a decimal point."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def apply_form(raw: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    """The company mapping with the form's values in place (an empty field removes its key;
    the growth targets are the form's rows; every other key is kept)."""
    out = {k: (dict(v) if isinstance(v, dict) else v) for k, v in raw.items()}
    for setting in SETTINGS:
        value = values.get(setting.field)
        table = out.get(setting.table)
        table = dict(table) if isinstance(table, dict) else {}
        head, _, tail = setting.key.partition(".")
        nested = table.get(head) if tail else None
        if isinstance(nested, dict):  # the nested spelling goes; the flat key replaces it
            nested = {k: v for k, v in nested.items() if k != tail}
            if nested:
                table[head] = nested
            else:
                table.pop(head)
        if value is None or value == "":
            table.pop(setting.key, None)
        else:
            table[setting.key] = _tidy(value)
        if table:
            out[setting.table] = table
        else:
            out.pop(setting.table, None)
    growth = []
    for row in range(1, GROWTH_ROWS + 1):
        target = {name: values.get(f"growth_{row}_{name}") for name, _kind, _code in GROWTH_FIELDS}
        target = {k: _tidy(v) for k, v in target.items() if v is not None}
        if target:
            growth.append(target)
    if growth:
        out["growth"] = growth
    else:
        out.pop("growth", None)
    return out


def _flatten(raw: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(raw, dict):
        flat: dict[str, Any] = {}
        for key, value in raw.items():
            flat.update(_flatten(value, f"{prefix}.{key}" if prefix else str(key)))
        return flat
    if isinstance(raw, list) and raw and all(isinstance(item, dict) for item in raw):
        flat = {}
        for i, item in enumerate(raw, start=1):
            flat.update(_flatten(item, f"{prefix}[{i}]"))
        return flat
    return {prefix: raw if isinstance(raw, str | int | float | bool) or raw is None else str(raw)}


def changes(before: str, after: str) -> dict[str, list[Any]]:
    """key → [before, after] for every key that differs (the audit's summary)."""
    old, new = _flatten(parse(before)), _flatten(parse(after))
    return {key: [old.get(key), new.get(key)] for key in sorted(old.keys() | new.keys())
            if old.get(key) != new.get(key)}


def save_company(workspace: Workspace, text: str, user: Any, how: str) -> dict[str, list[Any]]:
    """Validate ``text`` as the workspace's company file and keep it; raises ConfigError (key,
    problem, fix) when it is wrong. Returns the changed keys (also in the audit log)."""
    company_of(workspace, text)
    with transaction.atomic():
        fresh = Workspace.objects.select_for_update().get(pk=workspace.pk)
        summary = changes(fresh.company_toml, text)
        fresh.company_toml = text
        fresh.save(update_fields=["company_toml"])
        record(user, "settings.change", fresh, how, changes=summary)
    workspace.company_toml = text
    return summary


def field_of(error: ConfigError) -> str | None:
    """The form field a ConfigError's key points at (None: not one of the form's fields)."""
    key = error.key or ""
    for setting in SETTINGS:
        if key == setting.error_key:
            return setting.field
    if key.startswith("growth["):
        row, _, name = key.removeprefix("growth[").partition("]")
        name = name.lstrip(".") or "months"
        if row.isdigit() and int(row) <= GROWTH_ROWS and name in {f[0] for f in GROWTH_FIELDS}:
            return f"growth_{row}_{name}"
    return None


def error_rows(error: ConfigError) -> dict[str, str]:
    return {"key": error.key or "", "problem": tr(error.problem), "fix": tr(error.fix)}


def _can_edit(request: HttpRequest) -> bool:
    return bool(request.membership.allows(Role.ADMIN))  # type: ignore[attr-defined]


def _read_import(request: HttpRequest) -> str:
    upload = request.FILES.get("toml_file")
    if upload is not None:
        if upload.size is not None and upload.size > MAX_TOML_BYTES:
            raise ConfigError(str(upload.name), None,
                              Msg("web_settings.import_too_large", limit=MAX_TOML_BYTES // 1024),
                              Msg("web_settings.import_too_large.fix"))
        try:
            return b"".join(upload.chunks()).decode("utf-8")
        except UnicodeDecodeError as error:
            raise ConfigError(str(upload.name), None, Msg("web_settings.import_not_utf8"),
                              Msg("web_settings.import_not_utf8.fix")) from error
    return request.POST.get("toml_text", "")


@workspace_view("viewer")
@require_http_methods(["GET", "POST"])
def settings_page(request: HttpRequest, slug: str) -> HttpResponse:
    """GET: the settings (read-only below admin). POST (admin): ``action`` = form | raw |
    import."""
    workspace = workspace_of(request)
    raw = parse(workspace.company_toml)
    form = CompanyForm(initial=initial_of(raw))
    raw_text = workspace.company_toml
    problem: dict[str, str] | None = None
    status = 200
    action = request.POST.get("action", "")
    if request.method == "POST":
        if not _can_edit(request):
            raise PermissionDenied
        try:
            if action == "form":
                form = CompanyForm(request.POST)
                if form.is_valid():
                    text = tomli_w.dumps(apply_form(raw, form.cleaned_data))
                    save_company(workspace, text, request.user, "form")
                    return redirect("company_settings", slug=slug)
                status = 400
            elif action in ("raw", "import"):
                raw_text = _read_import(request) if action == "import" else \
                    request.POST.get("toml_text", "")
                save_company(workspace, raw_text, request.user, action)
                return redirect("company_settings", slug=slug)
        except ConfigError as error:
            status = 400
            problem = error_rows(error)
            target = field_of(error) if action == "form" else None
            if target is not None:
                form.add_error(target, f"{problem['problem']} — {problem['fix']}")
    return render(request, "web/settings.html", {
        "form": form, "raw_text": raw_text, "problem": problem, "action": action,
        "can_edit": _can_edit(request), "growth_rows": range(1, GROWTH_ROWS + 1),
        "groups": _groups(form),
    }, status=status)


def _groups(form: CompanyForm) -> list[dict[str, Any]]:
    """The form's fields in the page's sections."""
    def bound(prefix: str) -> list[Any]:
        return [form[name] for name in form.fields if name.startswith(prefix)]

    return [
        {"title": "web_settings.g.company", "fields": [form["company_name"], form["currency"],
                                                       form["language"]]},
        {"title": "web_settings.g.budget", "fields": bound("budget_")},
        {"title": "web_settings.g.thresholds", "fields": bound("threshold_")},
        {"title": "web_settings.g.aps", "fields": bound("aps_")},
        {"title": "web_settings.g.growth", "fields": bound("growth_")},
        {"title": "web_settings.g.costs", "fields": bound("cost_")},
    ]


@workspace_view("viewer")
@require_GET
def export_settings(request: HttpRequest, slug: str) -> HttpResponse:
    """The company file as ``company.toml`` (what ``postsale plan --company`` reads)."""
    workspace = workspace_of(request)
    text = workspace.company_toml or tomli_w.dumps({})
    response = HttpResponse(text.encode("utf-8"), content_type="application/toml; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="company.toml"'
    return response


urlpatterns = [
    path("settings/", settings_page, name="company_settings"),
    path("settings/company.toml", export_settings, name="company_settings_export"),
]
