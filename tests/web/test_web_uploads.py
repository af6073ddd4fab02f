"""The files page and the uploads API: a good file is used with its row count, a file with bad
rows is refused with each problem's row, column and fix on the page, too big / wrong type files
are refused with the limit named and nothing kept, roles (viewer reads, planner uploads,
outsider 404), large files checked by an ``import`` job, names escaped."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow.csv as pacsv  # type: ignore[import-untyped]
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings

from postsale.sample import _table, generate_accounts

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 25)


def _csv(tmp_path: Path, customers: int = 40) -> bytes:
    path = tmp_path / "book.csv"
    pacsv.write_csv(_table(generate_accounts(customers, 5, TODAY)), str(path))
    return path.read_bytes()


def _bad_csv(tmp_path: Path) -> bytes:
    """Row 3 (the second account) has an ARR that is not a number."""
    lines = _csv(tmp_path, 6).decode().splitlines()
    cells = lines[2].split(",")
    cells[2] = "lots"
    lines[2] = ",".join(cells)
    return ("\n".join(lines) + "\n").encode()


def _files_on_disk(workspace: Any) -> list[Path]:
    from postsale.web.books import media_path
    from postsale.web.uploads_store import workspace_dir

    folder = media_path(workspace_dir(workspace)) / "uploads"
    return sorted(folder.iterdir()) if folder.exists() else []


def _post(browser: Client, slug: str, name: str, data: bytes, kind: str = "accounts") -> Any:
    return browser.post(f"/w/{slug}/files/", {"kind": kind,
                                              "file": SimpleUploadedFile(name, data)})


def test_a_good_file_is_used_with_its_row_count(client_as: Callable[[str], Client],
                                                team: dict[str, Any], tmp_path: Path) -> None:
    from postsale.web.books import current_uploads
    from postsale.web.models import AuditEvent

    browser = client_as("planner")
    sent = _post(browser, "acme", "book.csv", _csv(tmp_path))
    assert sent.status_code == 302
    upload = current_uploads(team["acme"])["accounts"]
    assert upload.original_name == "book.csv"
    assert upload.status == "ok"
    assert upload.rows == 40
    assert upload.uploaded_by == team["planner"]
    assert AuditEvent.objects.filter(action="upload.accounts", target="book.csv",
                                     actor=team["planner"]).exists()
    page = browser.get(sent["Location"]).content.decode()
    assert "book.csv is in use: 40 rows read" in page
    assert "planner@acme.test" in page


def test_bad_rows_are_shown_with_row_column_and_fix(client_as: Callable[[str], Client],
                                                    team: dict[str, Any],
                                                    tmp_path: Path) -> None:
    from postsale.web.books import current_uploads

    before = current_uploads(team["acme"])["accounts"].pk
    browser = client_as("planner")
    sent = _post(browser, "acme", "broken.csv", _bad_csv(tmp_path))
    upload = team["acme"].uploads.get(original_name="broken.csv")
    assert upload.status == "error"
    assert current_uploads(team["acme"])["accounts"].pk == before  # the good book stays in use
    problem = upload.problems[0]
    assert problem["row"] == 3
    assert problem["column"] == "arr"
    assert problem["fix"]
    page = browser.get(sent["Location"]).content.decode()
    assert "broken.csv was not used" in page
    assert "<td class=\"num\">3</td><td>arr</td>" in page
    assert problem["fix"].split(" ")[0] in page


def test_problems_are_rendered_in_the_request_language(client_as: Callable[[str], Client],
                                                       tmp_path: Path) -> None:
    browser = client_as("planner")
    browser.post("/i18n/setlang/", {"language": "ja", "next": "/"})
    sent = _post(browser, "acme", "broken.csv", _bad_csv(tmp_path))
    page = browser.get(sent["Location"]).content.decode()
    assert "直し方" in page
    assert "broken.csv は使用されていません" in page


@override_settings(POSTSALE_MAX_UPLOAD_BYTES=1000)
def test_a_file_over_the_limit_is_refused_with_the_limit_and_nothing_kept(
        client_as: Callable[[str], Client], team: dict[str, Any], tmp_path: Path) -> None:
    on_disk = _files_on_disk(team["acme"])
    count = team["acme"].uploads.count()
    refused = _post(client_as("planner"), "acme", "big.csv", _csv(tmp_path))
    assert refused.status_code == 413
    page = refused.content.decode()
    assert "larger than the 0 MB limit" in page or "MB limit for one upload" in page
    assert "POSTSALE_MAX_UPLOAD_MB" in page  # how to fix
    assert team["acme"].uploads.count() == count
    assert _files_on_disk(team["acme"]) == on_disk
    assert not [p for p in _files_on_disk(team["acme"]) if p.name.startswith(".part-")]


def test_the_stream_limit_holds_even_when_the_size_is_not_announced(team: dict[str, Any]) -> None:
    from postsale.web.uploads_store import UploadTooLargeError, save_stream

    with override_settings(POSTSALE_MAX_UPLOAD_BYTES=10), pytest.raises(UploadTooLargeError):
        save_stream(team["acme"], iter([b"x" * 8, b"x" * 8]), "a.csv")
    assert not [p for p in _files_on_disk(team["acme"]) if p.name.startswith(".part-")]


def test_a_wrong_type_is_refused_with_the_accepted_types(client_as: Callable[[str], Client],
                                                         team: dict[str, Any]) -> None:
    on_disk = _files_on_disk(team["acme"])
    refused = _post(client_as("planner"), "acme", "<img src=x>.exe", b"MZ...")
    assert refused.status_code == 415
    page = refused.content.decode()
    assert "files of type .exe are not accepted" in page
    assert ".csv" in page
    assert ".xlsx" in page
    assert "&lt;img src=x&gt;.exe" in page
    assert "<img src=x>" not in page
    assert _files_on_disk(team["acme"]) == on_disk


def test_viewer_reads_but_cannot_upload_and_outsider_gets_404(
        client_as: Callable[[str], Client], tmp_path: Path) -> None:
    viewer = client_as("viewer")
    page = viewer.get("/w/acme/files/")
    assert page.status_code == 200
    assert b'enctype="multipart/form-data"' not in page.content
    assert _post(viewer, "acme", "book.csv", _csv(tmp_path)).status_code == 403
    outsider = client_as("outsider")
    assert outsider.get("/w/acme/files/").status_code == 404
    assert _post(outsider, "acme", "book.csv", _csv(tmp_path)).status_code == 404
    assert client_as("anonymous").get("/w/acme/files/").status_code == 302


def test_file_names_are_escaped_in_the_history(client_as: Callable[[str], Client],
                                               tmp_path: Path) -> None:
    browser = client_as("planner")
    _post(browser, "acme", "<b onmouseover=alert(1)>.csv", _csv(tmp_path, 5))
    page = browser.get("/w/acme/files/").content.decode()
    assert "&lt;b onmouseover=alert(1)&gt;.csv" in page
    assert "<b onmouseover" not in page


def test_a_secondary_file_before_the_book_is_kept_unchecked(make_workspace: Callable[..., Any],
                                                            make_user: Callable[..., Any],
                                                            tmp_path: Path) -> None:
    from postsale.web.models import Membership

    workspace = make_workspace("Empty", customers=None)
    user = make_user("p@empty.test")
    Membership.objects.create(workspace=workspace, user=user, role="planner")
    browser = Client()
    browser.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    sent = _post(browser, workspace.slug, "subs.csv", b"account_id,amount\nA,1\n",
                 kind="subscriptions")
    assert sent.status_code == 302
    upload = workspace.uploads.get()
    assert upload.status == "ok"
    assert upload.rows is None
    assert "subs.csv is kept" in browser.get(sent["Location"]).content.decode()


@override_settings(POSTSALE_IMPORT_JOB_BYTES=100)
def test_a_large_file_is_checked_by_an_import_job_with_progress(
        client_as: Callable[[str], Client], team: dict[str, Any], tmp_path: Path) -> None:
    from postsale.web.jobs import RUNNERS, Progress
    from postsale.web.models import Job

    browser = client_as("planner")
    sent = _post(browser, "acme", "large.csv", _csv(tmp_path))
    assert sent.status_code == 302
    job = Job.objects.get(kind="import")
    upload = team["acme"].uploads.get(original_name="large.csv")
    assert upload.status == "pending"
    assert f"job={job.pk}" in sent["Location"]
    page = browser.get(sent["Location"]).content.decode()
    assert f'hx-get="/w/acme/files/jobs/{job.pk}/"' in page
    assert 'hx-trigger="every 1s"' in page
    running = browser.get(f"/w/acme/files/jobs/{job.pk}/", HTTP_HX_REQUEST="true")
    assert running.status_code == 200  # keeps polling
    RUNNERS["import"](job, Progress(job))  # what the worker runs
    Job.objects.filter(pk=job.pk).update(status="done", progress=1.0)
    upload.refresh_from_db()
    assert upload.status == "ok"
    assert upload.rows == 40
    done = browser.get(f"/w/acme/files/jobs/{job.pk}/", HTTP_HX_REQUEST="true")
    assert done.status_code == 286  # HTMX stops polling
    assert "large.csv is in use: 40 rows read" in done.content.decode()
    assert "hx-trigger" not in done.content.decode()
    assert client_as("outsider").get(f"/w/acme/files/jobs/{job.pk}/").status_code == 404


def test_the_page_has_a_drop_zone_a_progress_bar_and_no_inline_script(
        client_as: Callable[[str], Client]) -> None:
    page = client_as("planner").get("/w/acme/files/").content.decode()
    assert "data-drop-zone" in page
    assert "data-upload-progress" in page
    assert 'src="/static/web/uploads.js"' in page
    assert "<script>" not in page
    assert "onclick" not in page


# --- API ---------------------------------------------------------------------------------------

def test_api_upload_good_and_bad_files(client_as: Callable[[str], Client],
                                       tmp_path: Path) -> None:
    browser = client_as("planner")
    made = browser.post("/api/v1/workspaces/acme/uploads",
                        {"kind": "accounts", "file": SimpleUploadedFile("api.csv", _csv(tmp_path))})
    assert made.status_code == 201, made.content
    assert made.json()["status"] == "ok"
    assert made.json()["rows"] == 40
    bad = browser.post("/api/v1/workspaces/acme/uploads",
                       {"kind": "accounts", "file": SimpleUploadedFile("bad.csv", _bad_csv(tmp_path))})
    assert bad.status_code == 422
    assert bad.json()["problems"][0]["row"] == 3
    assert bad.json()["problems"][0]["column"] == "arr"
    listed = client_as("viewer").get("/api/v1/workspaces/acme/uploads").json()
    assert [u["original_name"] for u in listed][:2] == ["bad.csv", "api.csv"]
    wrong = browser.post("/api/v1/workspaces/acme/uploads",
                         {"kind": "accounts", "file": SimpleUploadedFile("x.exe", b"1")})
    assert wrong.status_code == 415
    assert client_as("viewer").post(
        "/api/v1/workspaces/acme/uploads",
        {"kind": "accounts", "file": SimpleUploadedFile("a.csv", b"1")}).status_code == 403
    assert client_as("outsider").get("/api/v1/workspaces/acme/uploads").status_code == 404


@override_settings(POSTSALE_IMPORT_JOB_BYTES=100)
def test_an_import_job_that_crashes_leaves_the_upload_refused_with_the_reason(
        client_as: Callable[[str], Client], team: dict[str, Any], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from postsale.web import jobs_import
    from postsale.web.jobs import RUNNERS, Progress
    from postsale.web.models import Job

    browser = client_as("planner")
    browser.post("/i18n/setlang/", {"language": "pt", "next": "/"})
    _post(browser, "acme", "large.csv", _csv(tmp_path))
    job = Job.objects.get(kind="import")
    assert job.params["lang"] == "pt"  # the job speaks the uploader's language

    def broken(*_args: Any) -> None:
        raise MemoryError

    monkeypatch.setattr(jobs_import, "check_upload", broken)
    with pytest.raises(MemoryError):
        RUNNERS["import"](job, Progress(job))
    upload = team["acme"].uploads.get(original_name="large.csv")
    assert upload.status == "error"
    assert "erro interno (MemoryError)" in upload.problems[0]["problem"]


def test_uploads_keep_the_csrf_check(team: dict[str, Any], tmp_path: Path) -> None:
    """The page installs its size limit before the body is read (so it is csrf_exempt at the
    outside) and checks the CSRF token itself."""
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(team["planner"], backend="django.contrib.auth.backends.ModelBackend")
    count = team["acme"].uploads.count()
    refused = _post(browser, "acme", "book.csv", _csv(tmp_path, 5))
    assert refused.status_code == 403
    assert team["acme"].uploads.count() == count
    page = browser.get("/w/acme/files/").content.decode()
    token = page.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    sent = browser.post("/w/acme/files/", {"kind": "accounts", "csrfmiddlewaretoken": token,
                                           "file": SimpleUploadedFile("ok.csv", _csv(tmp_path, 5))})
    assert sent.status_code == 302


@override_settings(POSTSALE_MAX_UPLOAD_BYTES=1000)
def test_an_oversized_body_stops_before_it_is_stored(client_as: Callable[[str], Client],
                                                     tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from django.core.files.uploadhandler import (
        MemoryFileUploadHandler,
        TemporaryFileUploadHandler,
    )

    written: list[int] = []
    for handler in (MemoryFileUploadHandler, TemporaryFileUploadHandler):
        def spy(self: Any, raw_data: bytes, start: int, _orig: Any = handler.receive_data_chunk) -> Any:
            written.append(len(raw_data))
            return _orig(self, raw_data, start)

        monkeypatch.setattr(handler, "receive_data_chunk", spy)
    refused = _post(client_as("planner"), "acme", "big.csv", _csv(tmp_path, 400))
    assert refused.status_code == 413
    assert "big.csv is" in refused.content.decode()
    assert written == []  # the limit handler stopped the upload before any handler kept bytes


def test_problems_name_the_file_as_uploaded_never_the_servers_path(
        client_as: Callable[[str], Client], team: dict[str, Any]) -> None:
    from postsale.web.models import Upload

    bad = SimpleUploadedFile("crm export.csv", b"account_id,arr\nA1,abc\nA2,5000\n", "text/csv")
    client_as("planner").post("/w/acme/files/", {"kind": "accounts", "file": bad})
    refused = Upload.objects.filter(workspace=team["acme"], original_name="crm export.csv").get()
    assert refused.status == Upload.Status.ERROR
    assert refused.problems
    for problem in refused.problems:
        text = " ".join(str(v) for v in problem.values())
        assert "/uploads/" not in text
        assert "ws-" not in text
        assert problem["file"] == "crm export.csv"


def test_problems_read_in_each_readers_language(client_as: Callable[[str], Client]) -> None:
    """A Japanese planner's refused upload reads in English to an English viewer (the messages
    are kept, not only the uploader's sentences)."""
    planner, viewer = client_as("planner"), client_as("viewer")
    planner.post("/i18n/setlang/", {"language": "ja", "next": "/"})
    bad = SimpleUploadedFile("crm.csv", b"account_id,arr\nA1,abc\nA2,5000\n", "text/csv")
    in_japanese = planner.post("/w/acme/files/", {"kind": "accounts", "file": bad}, follow=True)
    assert "ARR" in in_japanese.content.decode()
    from postsale.web.models import Upload

    refused = Upload.objects.get(original_name="crm.csv")
    assert "is not an amount" not in refused.problems[0]["problem"]  # written in Japanese
    page = viewer.get(f"/w/acme/files/?upload={refused.pk}").content.decode()
    assert "is not an amount" in page
    assert "write a number such as" in page
