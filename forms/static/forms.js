/* Yichuang forms: progressive enhancement for generated forms (no dependencies).
 *
 * Fields rendered with data-when='{"all":[{"name":"kind","tokens":["company"],"absent":false}],"negate":false}'
 * are shown only while the condition holds; hidden fields are disabled so they are not posted.
 * Fields with data-required-when='["agent"]' show their required marker once one of those fields is filled
 * (an entry may also be a rule like data-when's: required while that if/then branch applies).
 * Options with data-when are offered only while their branch applies; data-variants swaps input limits.
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

  function ruleHolds(scope, rule) {
    if (rule.any) return rule.any.some(function (each) { return ruleHolds(scope, each); });
    var holds = rule.all.every(function (clause) { return clauseHolds(scope, clause); });
    return rule.negate ? !holds : holds;
  }

  function setShown(container, shown) {
    container.hidden = !shown;
    if (container.tagName === "OPTION") {  // a choice offered only in some if/then branches
      container.disabled = !shown;
      if (!shown && container.selected) container.selected = false;
      return;
    }
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
      setShown(conditional[i], ruleHolds(scope, rule));
    }
    var dependent = scope.querySelectorAll("[data-required-when]");
    for (var k = 0; k < dependent.length; k++) {
      var reasons = JSON.parse(dependent[k].getAttribute("data-required-when"));
      var needed = reasons.some(function (reason) {
        // a field name: required once it is filled in; a rule: required while an if/then branch applies
        return typeof reason === "string" ? postedValues(scope, reason).length > 0 : ruleHolds(scope, reason);
      });
      var markers = dependent[k].querySelectorAll(".yc-required-when");
      for (var m = 0; m < markers.length; m++) markers[m].hidden = !needed;
    }
    var varying = scope.querySelectorAll("[data-variants]");
    for (var v = 0; v < varying.length; v++) applyVariants(scope, varying[v]);
  }

  /* Input limits (maxlength, min, max, step) of the if/then branch that applies; the input's own when none. */
  function applyVariants(scope, container) {
    var variants = JSON.parse(container.getAttribute("data-variants"));
    var name = container.getAttribute("data-field");
    var inputs = container.querySelectorAll("input, textarea");
    var chosen = null;
    for (var i = 0; i < variants.length; i++) {
      if (ruleHolds(scope, variants[i].when)) { chosen = variants[i].attrs; break; }
    }
    var caption = container.querySelector("label, legend");
    var text = caption && caption.firstChild && caption.firstChild.nodeType === 3 ? caption.firstChild : null;
    if (text && !container.hasAttribute("data-yc-label")) container.setAttribute("data-yc-label", text.nodeValue);
    if (text && variants[0].attrs.label !== undefined) {
      text.nodeValue = chosen && chosen.label ? chosen.label + " " : container.getAttribute("data-yc-label");
    }
    for (var j = 0; j < inputs.length; j++) {
      var input = inputs[j];
      if (input.name !== name) continue;
      if (!input.hasAttribute("data-yc-base")) {
        var base = {};
        for (var key in variants[0].attrs) if (key !== "label") base[key] = input.getAttribute(key);
        input.setAttribute("data-yc-base", JSON.stringify(base));
      }
      var limits = chosen || JSON.parse(input.getAttribute("data-yc-base"));
      for (var attr in limits) {
        if (attr === "label") continue;
        if (limits[attr] === null || limits[attr] === undefined) input.removeAttribute(attr);
        else input.setAttribute(attr, String(limits[attr]));
      }
      if (input.type === "range") showSliderValue(input);
    }
  }

  function showSliderValue(input) {
    if (!input || input.type !== "range" || !input.id) return;
    var outputs = document.querySelectorAll("output.yc-range__value");
    for (var i = 0; i < outputs.length; i++) {
      if (outputs[i].htmlFor && outputs[i].htmlFor.value === input.id) outputs[i].textContent = input.value;
    }
  }

  // Keyboard and screen-reader users start where the problems are: a page that comes back with errors puts the
  // focus on its error summary, and each of the summary's links puts it on the field it names (a link to an id
  // would only scroll there, leaving the focus behind).
  function focusErrors(scope) {
    var summary = scope.querySelector(".govuk-error-summary");
    if (!summary) return;
    summary.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest ? event.target.closest("a[href^='#']") : null;
      var field = link ? document.getElementById(link.getAttribute("href").slice(1)) : null;
      if (!field || typeof field.focus !== "function") return;
      event.preventDefault();
      field.scrollIntoView({ block: "center" });
      field.focus();
    });
  }

  function start() {
    var scope = document;
    update(scope);
    focusErrors(scope);
    var sliders = scope.querySelectorAll('input[type="range"]');
    for (var s = 0; s < sliders.length; s++) showSliderValue(sliders[s]);
    document.addEventListener("change", function (event) { showSliderValue(event.target); update(scope); });
    document.addEventListener("input", function (event) { showSliderValue(event.target); update(scope); });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
