"""The words of S3's five-step selection (``core/selection.py``) as messages: step titles, verdict
and model words, and the helpers that join clauses and name a subject — kept apart so the steps
read as rules, and every ``selection.*`` code of a fixed word is in one place."""

from __future__ import annotations

from postsale.core.msg import Msg

__all__ = ["MODEL_CAP", "NAMES", "TITLES", "VERDICT_WORD", "clauses", "sentence_of", "service",
           "subject"]

TITLES = {"unit_economics": Msg("selection.title.unit_economics"),
          "product_complexity": Msg("selection.title.product_complexity"),
          "customer_expectations": Msg("selection.title.customer_expectations"),
          "competitive_dynamics": Msg("selection.title.competitive_dynamics"),
          "scale_projection": Msg("selection.title.scale_projection")}
#: the step's name inside a sentence ("customer expectations (step 3) decides the change")
NAMES = {"unit_economics": Msg("selection.name.unit_economics"),
         "product_complexity": Msg("selection.name.product_complexity"),
         "customer_expectations": Msg("selection.name.customer_expectations"),
         "competitive_dynamics": Msg("selection.name.competitive_dynamics"),
         "scale_projection": Msg("selection.name.scale_projection")}
VERDICT_WORD = {"affordable": Msg("selection.verdict.affordable"),
                "tight": Msg("selection.verdict.tight"),
                "too_expensive": Msg("selection.verdict.too_expensive")}
MODEL_CAP = {"high_touch": Msg("selection.model.high_touch"),
             "low_touch": Msg("selection.model.low_touch"),
             "tech_touch": Msg("selection.model.tech_touch"),
             "hybrid": Msg("selection.model.hybrid")}


def clauses(*parts: Msg | str) -> Msg:
    """Clauses of one sentence, "; "-joined in the reader's language (a str part is a sentence
    another domain already rendered or will render)."""
    out: Msg | str = parts[0]
    for part in parts[1:]:
        out = Msg("selection.clauses", first=out, then=part)
    return out if isinstance(out, Msg) else Msg("selection.text", text=out)


def sentence_of(text: Msg) -> Msg:
    """A step's summary as a whole sentence (its full stop is the language's)."""
    return Msg("selection.sentence", text=text)


def subject(name: str) -> Msg:
    """A tier, segment or the whole company, as the reader says it."""
    return Msg("selection.subject.company") if name == "company" else \
        Msg("selection.subject.key", key=name)


def service(model: str) -> Msg:
    """A service model: a tier's word, or self-serve."""
    return Msg("selection.service.self_serve") if model == "self_serve" else \
        Msg("selection.subject.key", key=model)
