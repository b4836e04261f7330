// A second click on a submit button marked data-once does nothing while the first is on its way.
// The server refuses duplicates anyway (submission tokens, task states); this only spares the wait.
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (form.dataset.submitting === "1") { event.preventDefault(); return; }
  form.dataset.submitting = "1";
  form.querySelectorAll("button[data-once]").forEach(function (button) {
    setTimeout(function () { button.disabled = true; }, 0);
  });
});

// "Back" links on error pages (a javascript: URL would be an inline script, which our CSP refuses).
document.addEventListener("click", function (event) {
  var back = event.target instanceof Element ? event.target.closest("[data-yc-back]") : null;
  if (back) { event.preventDefault(); history.back(); }
});
