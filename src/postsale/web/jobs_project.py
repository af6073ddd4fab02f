"""The ``projection`` job: ``postsale.api.run_projection`` on the workspace's book, saved as a
projection version.

The projection core has no progress hook: it runs the plan, then the plan's and every scenario's
Monte Carlo simulation as whole vectorised arrays (paths × months at once, side by side in a
thread pool), so there is no loop to report from without slowing it. The job reports its phases
honestly instead — the book read, the simulation (with its size), the version saved — rather than
a fraction it cannot know.
"""

from __future__ import annotations

from typing import Any

from postsale.api import run_projection
from postsale.core.msg import Msg
from postsale.results_projection import ProjectionResult
from postsale.web.books import loaded_book
from postsale.web.jobs import Progress, register
from postsale.web.models import Job, Version, VersionKind
from postsale.web.versions_store import create_version

#: the phases' places on the bar (the simulation is most of the time)
READ_DONE = 0.1
SIMULATION_STARTED = 0.15
SAVING = 0.95


def projection_summary(result: ProjectionResult) -> dict[str, Any]:
    """The figures a projection version lists and compares by (``SUMMARY_KEYS``)."""
    first, last = result.months[0], result.months[-1]
    return {
        "months": result.horizon_months,
        "paths": result.paths,
        "seed": result.seed,
        "required_month0": first.required.get("total", 0),
        "required_last": last.required.get("total", 0),
        "hires": len(result.hires),
        "cost_last": last.cost,
        "arr_last": last.arr.p50,
    }


def projection_params(months: int, paths: int, seed: int | None) -> dict[str, Any]:
    """A projection job's parameters as stored on the job row."""
    return {"months": months, "paths": paths, "seed": seed}


@register("projection", label="web_proj.job.kind.projection")
def run_projection_job(job: Job, progress: Progress) -> Version | None:
    """Read the book (cached per process), project it with the company settings' scenarios, save
    the result as a projection version (with the job's parameters as its overrides)."""
    params = job.params or {}
    months, paths = int(params["months"]), int(params["paths"])
    seed = params.get("seed")
    progress(0.02, Msg("web_proj.job.note.reading"), force=True)
    loaded = loaded_book(job.workspace)
    progress(READ_DONE, Msg("web_proj.job.note.read", accounts=len(loaded.book)), force=True)
    progress(SIMULATION_STARTED, Msg("web_proj.job.note.simulating", paths=paths, months=months,
                                     accounts=len(loaded.book)), force=True)
    result = run_projection(loaded.book, loaded.company, today=loaded.today, months=months,
                            paths=paths, seed=None if seed is None else int(seed),
                            notes=loaded.notes)
    progress(SAVING, Msg("web_proj.job.note.saving", scenarios=len(result.scenarios)), force=True)
    return create_version(job.workspace, VersionKind.PROJECTION, author=job.created_by,
                          payload=result.to_dict(), summary=projection_summary(result),
                          overrides=projection_params(months, paths, result.seed))
