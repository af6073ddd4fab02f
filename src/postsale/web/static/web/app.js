// postsale web app: no inline script anywhere (CSP script-src 'self').
// HTMX sends Django's CSRF token on every request; the language switcher submits on change.
document.addEventListener("htmx:configRequest", function (event) {
  var meta = document.querySelector('meta[name="csrf-token"]');
  if (meta) { event.detail.headers["X-CSRFToken"] = meta.content; }
});
document.addEventListener("change", function (event) {
  var target = event.target;
  if (target && target.matches && target.matches("[data-autosubmit]")) { target.form.submit(); }
});
