"""The ``import`` job: check a large uploaded file with postsale's importer outside the request
(a 1M-account book takes seconds to read). The upload row is already kept (status ``pending``);
the job turns it ``ok`` with its row count or ``error`` with every problem, exactly as a small
file checked in the request. It saves no version."""

from __future__ import annotations

from postsale.core.msg import Msg
from postsale.i18n import tr
from postsale.web.jobs import Progress, register
from postsale.web.models import Job, Upload, Version
from postsale.web.uploads_store import check_upload


@register("import")
def run_import(job: Job, progress: Progress) -> Version | None:
    upload = Upload.objects.select_related("workspace").get(pk=job.params["upload"],
                                                            workspace=job.workspace)
    progress(0.05, tr(Msg("web_uploads.job.reading", name=upload.original_name)), force=True)
    check_upload(upload.workspace, upload)
    progress(1.0, tr(Msg("web_uploads.job.checked", name=upload.original_name)), force=True)
    return None
