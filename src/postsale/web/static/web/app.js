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

// Alpine (its CSP build: components are registered here, templates only name them).
// confirmName: a destructive form's button stays disabled until the name typed matches the
// form's data-expected (the server checks the name again; this only saves a wasted round trip).
document.addEventListener("alpine:init", function () {
  window.Alpine.data("confirmName", function () {
    return {
      typed: "",
      expected: "",
      init: function () { this.expected = (this.$el.dataset.expected || "").trim(); },
      get blocked() { return this.typed.trim() !== this.expected; },
    };
  });
});
