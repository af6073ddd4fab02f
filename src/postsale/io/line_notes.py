"""Words for the line-item rules of ``postsale.core.lines``: each :class:`Rule` (a code and its
figures) becomes a sentence a user can check against the export ("ARR = sum of 3,412 recurring
lines active on 2026-12-05 …"). The core returns codes and figures; the words live here.
"""

from __future__ import annotations

from collections.abc import Iterable

from postsale.core.lines import Rule

__all__ = ["counted", "rule_sentence", "rules_text"]


def _n(value: object) -> str:
    return f"{value:,}" if isinstance(value, int) else f"{value:,.0f}" if isinstance(
        value, float) else str(value)


def counted(count: object, word: str, plural: str | None = None) -> str:
    """``1 account``, ``2,048 accounts``: a count with its noun, for import notes."""
    return f"{_n(count)} {word if count == 1 else plural or word + 's'}"


def rule_sentence(rule: Rule) -> str:
    """One rule as a sentence fragment."""
    f = rule.figures
    key = (rule.column, rule.code)
    if key == ("arr", "active_lines"):
        return (f"ARR = sum of the {counted(f['lines'], 'recurring line')} active on {f['as_of']} "
                f"(of {_n(f['of'])}; start ≤ as-of ≤ end, blank end = still running): "
                f"{_n(f['arr'])} over {counted(f['accounts'], 'account')}")
    if key == ("arr", "churned"):
        return (f"{counted(f['accounts'], 'account')} with no active line and an ended one: churned "
                "(ARR 0)")
    if key == ("arr", "one_off_lines"):
        return f"{counted(f['lines'], 'one-off line')} (setup, services) left out of ARR"
    if key == ("arr", "trial_lines"):
        return f"{counted(f['lines'], 'trial line')} counted at 0 (not paying yet)"
    if key == ("arr", "amount_from_arr"):
        return f"{counted(f['lines'], 'line')} priced by an annual amount"
    if key == ("arr", "amount_from_mrr"):
        return f"{counted(f['lines'], 'line')} priced by MRR × 12"
    if key == ("arr", "amount_from_per_interval"):
        text = f"{counted(f['lines'], 'line')} priced per billing interval × (12 ÷ interval months)"
        if f.get("quantity_times_price"):
            text += f", {_n(f['quantity_times_price'])} of them as quantity × unit price"
        if f.get("without_interval"):
            text += (f"; {counted(f['without_interval'], 'line')} without an interval taken as "
                     "annual amounts")
        return text
    if key == ("arr", "closed_won"):
        text = (f"ARR = sum of {counted(f['lines'], 'closed-won recurring amount')} closed after "
                f"{f['since']} up to {f['as_of']} (trailing {f['months']} months; no subscription "
                f"file): {_n(f['arr'])} over {counted(f['accounts'], 'account')}")
        if f.get("one_off"):
            text += f"; {counted(f['one_off'], 'one-off deal')} (services) left out"
        return text
    if key == ("arr", "sum_lines"):
        return f"ARR = sum of every line ({counted(f['lines'], 'line')}, no line-level dates)"
    if key == ("previous_arr", "active_lines"):
        return (f"previous ARR = the lines active on {f['as_of']} ({f['months']} months earlier, "
                f"{counted(f['lines'], 'line')}): {_n(f['arr'])}")
    if key == ("start_date", "earliest_start"):
        return "start date = the earliest line start"
    if key == ("renewal_date", "next_end"):
        return (f"renewal date = the next end or renewal date on or after the as-of date "
                f"({counted(f['accounts'], 'account')})")
    if key == ("renewal_date", "open_renewal"):
        return (f"renewal date = the earliest open renewal opportunity closing on or after the "
                f"as-of date ({counted(f['accounts'], 'account')}, "
                f"{counted(f['lines'], 'opportunity', 'opportunities')})")
    if rule.code.startswith("most_frequent_") and rule.column == "contract_term_months":
        basis = "billing interval" if rule.code.endswith("interval") else "term"
        return (f"contract term = the most frequent {basis} of the active lines "
                f"({counted(f['month_to_month'], 'account')} month-to-month)")
    if key == ("tickets_per_month", "window"):
        text = (f"tickets per month = {counted(f['tickets'], 'ticket')} created after {f['since']} up "
                f"to {f['as_of']} ÷ {f['months']:g} months")
        if f.get("shorter"):
            text += (f" (the export starts later than the {f['window_months']}-month window: "
                     "fewer months)")
        if f.get("undated"):
            text += f"; {counted(f['undated'], 'ticket')} without a created date left out"
        return text
    if rule.code == "aggregate":
        return f"{rule.column.replace('_', ' ')}: {f['how'].replace('_', ' ')} of the lines"
    return f"{rule.column}: {rule.code} {f}"


def rules_text(rules: Iterable[Rule]) -> str:
    """Several rules joined into one note."""
    return "; ".join(rule_sentence(r) for r in rules)
