// Flask-Admin's templates used inline handlers (onclick="return faHelpers.safeConfirm(...)", "return
// modelActions.execute(...)", javascript:void(0) links). Our Content-Security-Policy runs no inline script, so
// our copies of those templates carry data attributes and this file, served from our own origin, does the work.
(function () {
  "use strict";

  document.addEventListener("click", function (event) {
    var target = event.target instanceof Element ? event.target : null;
    if (!target) return;

    var confirmButton = target.closest("[data-yc-confirm]");
    if (confirmButton && !window.confirm(confirmButton.getAttribute("data-yc-confirm"))) {
      event.preventDefault();
      return;
    }

    var action = target.closest("[data-yc-action]");
    if (action) {
      event.preventDefault();
      if (window.modelActions) window.modelActions.execute(action.getAttribute("data-yc-action"));
      return;
    }

    // Links that only open a menu, add a filter or mark the current tab: never follow them.
    var inert = target.closest('a.filter, a[data-yc-inert], a[href="#"][data-toggle]');
    if (inert) event.preventDefault();
  });
})();
