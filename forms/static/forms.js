/* Yichuang forms: progressive enhancement for generated forms (no dependencies).
 *
 * Fields rendered with data-when='{"all":[{"name":"kind","tokens":["company"],"absent":false}],"negate":false}'
 * are shown only while the condition holds; hidden fields are disabled so they are not posted.
 * Fields with data-required-when='["agent"]' show their required marker once one of those fields is filled.
 * Without JavaScript every field is shown and the server enforces the same rules with JSON Schema.
 */
(function () {
  "use strict";

  function postedValues(scope, name) {
    var values = [];
    var elements = scope.querySelectorAll("[name]");
    for (var i = 0; i < elements.length; i++) {
      var el = elements[i];
      if (el.name !== name || el.disabled) continue;
      if (el.type === "checkbox" || el.type === "radio") {
        if (el.checked) values.push(el.value);
      } else if (el.tagName === "SELECT") {
        for (var j = 0; j < el.options.length; j++) {
          if (el.options[j].selected) values.push(el.options[j].value);
        }
      } else if (el.type === "file") {
        if (el.files && el.files.length) values.push(el.value);
      } else {
        values.push(el.value);
      }
    }
    return values.filter(function (value) { return value.trim() !== ""; });
  }

  function clauseHolds(scope, clause) {
    var values = postedValues(scope, clause.name);
    if (clause.tokens === null) return values.length > 0;
    if (values.length === 0) return clause.absent;
    return values.some(function (value) { return clause.tokens.indexOf(value.trim()) !== -1; });
  }

  function setShown(container, shown) {
    container.hidden = !shown;
    var inputs = container.querySelectorAll("input, select, textarea, button");
    for (var i = 0; i < inputs.length; i++) {
      var input = inputs[i];
      if (!shown && !input.disabled) {
        input.disabled = true;
        input.setAttribute("data-yc-hidden", "");
      } else if (shown && input.hasAttribute("data-yc-hidden")) {
        input.disabled = false;
        input.removeAttribute("data-yc-hidden");
      }
    }
  }

  function update(scope) {
    var conditional = scope.querySelectorAll("[data-when]");
    for (var i = 0; i < conditional.length; i++) {
      var rule;
      try { rule = JSON.parse(conditional[i].getAttribute("data-when")); } catch (e) { continue; }
      var holds = rule.all.every(function (clause) { return clauseHolds(scope, clause); });
      setShown(conditional[i], rule.negate ? !holds : holds);
    }
    var dependent = scope.querySelectorAll("[data-required-when]");
    for (var k = 0; k < dependent.length; k++) {
      var names = JSON.parse(dependent[k].getAttribute("data-required-when"));
      var needed = names.some(function (name) { return postedValues(scope, name).length > 0; });
      var markers = dependent[k].querySelectorAll(".yc-required-when");
      for (var m = 0; m < markers.length; m++) markers[m].hidden = !needed;
    }
  }

  function start() {
    var scope = document;
    update(scope);
    document.addEventListener("change", function () { update(scope); });
    document.addEventListener("input", function () { update(scope); });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
