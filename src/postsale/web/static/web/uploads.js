// Files page: drag and drop onto the drop zone and an upload progress bar. Without this script
// the form still posts normally (the file input and the submit button are plain HTML).
(function () {
  "use strict";

  function zoneOf(target) { return target && target.closest ? target.closest("[data-drop-zone]") : null; }

  function showName(zone) {
    var input = zone.querySelector('input[type="file"]');
    var label = zone.querySelector("[data-drop-name]");
    if (input && label) { label.textContent = input.files && input.files.length ? input.files[0].name : ""; }
  }

  document.addEventListener("dragover", function (event) {
    var zone = zoneOf(event.target);
    if (!zone) { return; }
    event.preventDefault();
    zone.classList.add("dragging");
  });
  document.addEventListener("dragleave", function (event) {
    var zone = zoneOf(event.target);
    if (zone) { zone.classList.remove("dragging"); }
  });
  document.addEventListener("drop", function (event) {
    var zone = zoneOf(event.target);
    if (!zone) { return; }
    event.preventDefault();
    zone.classList.remove("dragging");
    var input = zone.querySelector('input[type="file"]');
    if (input && event.dataTransfer && event.dataTransfer.files.length) {
      input.files = event.dataTransfer.files;
      showName(zone);
    }
  });
  document.addEventListener("change", function (event) {
    var zone = zoneOf(event.target);
    if (zone) { showName(zone); }
  });

  // Replace the page's <main> with the server's answer (the result, or the refusal with its
  // reason) and make HTMX see the new content (the import job's polling fragment).
  function swapMain(html, url) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    var incoming = doc.querySelector("main");
    var main = document.querySelector("main");
    if (!incoming || !main) { document.location.reload(); return; }
    main.innerHTML = incoming.innerHTML;
    if (url) { window.history.replaceState(null, "", url); }
    if (window.htmx) { window.htmx.process(main); }
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("[data-upload-form]") || !window.XMLHttpRequest || !window.FormData) { return; }
    event.preventDefault();
    var bar = form.querySelector("[data-upload-progress]");
    var percent = form.querySelector("[data-upload-percent]");
    var button = form.querySelector('button[type="submit"]');
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.action || window.location.href);
    var meta = document.querySelector('meta[name="csrf-token"]');
    if (meta) { xhr.setRequestHeader("X-CSRFToken", meta.content); }
    xhr.upload.addEventListener("progress", function (progress) {
      if (!progress.lengthComputable || !bar) { return; }
      var value = Math.round(100 * progress.loaded / progress.total);
      bar.value = value;
      if (percent) { percent.textContent = value + " %"; }
    });
    xhr.addEventListener("load", function () {
      var ok = xhr.status >= 200 && xhr.status < 300;
      swapMain(xhr.responseText, ok ? xhr.responseURL : null);
    });
    xhr.addEventListener("error", function () { form.submit(); });
    if (bar) { bar.hidden = false; bar.value = 0; }
    if (button) { button.disabled = true; }
    xhr.send(new FormData(form));
  });
}());
