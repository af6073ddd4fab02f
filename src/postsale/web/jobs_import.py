"""The ``import`` job: check a large uploaded file with postsale's importer outside the request
(a 1M-account book takes seconds to read). The upload row is already kept (status ``pending``);
the job turns it ``ok`` with its row count or ``error`` with every problem, exactly as a small
file checked in the request, in the language of the page that sent it (``params["lang"]``). It
saves no version. A crash still leaves the upload ``error`` with the reason, never ``pending``
for ever."""

from __future__ import annotations

from postsale.core.msg import Msg
from postsale.i18n import LANGUAGES, activate, tr
from postsale.web.jobs import Progress, register
from postsale.web.models import Job, Upload, Version
from postsale.web.uploads_store import check_upload


@register("import")
def run_import(job: Job, progress: Progress) -> Version | None:
    upload = Upload.objects.select_related("workspace").get(pk=job.params["upload"],
                                                            workspace=job.workspace)
    lang = str(job.params.get("lang", "en"))
    with activate(lang if lang in LANGUAGES else "en"):
        progress(0.05, tr(Msg("web_uploads.job.reading", name=upload.original_name)), force=True)
        try:
            check_upload(upload.workspace, upload)
        except Exception as error:  # not the file's fault: say so on the page, then fail the job
            Upload.objects.filter(pk=upload.pk).update(status=Upload.Status.ERROR, problems=[{
                "file": upload.original_name, "row": None, "column": None,
                "problem": tr(Msg("web_uploads.job.crashed", error=type(error).__name__)),
                "fix": tr(Msg("web_uploads.job.crashed.fix"))}])
            raise
        progress(1.0, tr(Msg("web_uploads.job.checked", name=upload.original_name)), force=True)
    return None
