// Form builder: drag fields to reorder (sortablejs), and a live preview while a field's edit panel is changed.
// Without JavaScript every operation still works: the ↑ ↓ 删除 保存 buttons are form posts.
(function () {
  "use strict";
  var frame = document.getElementById("preview-frame");
  var problems = document.getElementById("preview-problems");
  var status = document.getElementById("preview-status");
  var csrf = document.querySelector('input[name="csrf_token"]');
  var revision = document.querySelector('input[name="revision"]');
  var target = document.querySelector('input[name="target"]');

  // --- drag to reorder -------------------------------------------------------------------------------------
  function postMove(list, path, to) {
    var body = new FormData();
    body.append("csrf_token", csrf.value);
    body.append("revision", revision.value);
    body.append("target", target.value);
    body.append("op", "move");
    body.append("path", path);
    body.append("to", String(to));
    status.textContent = "正在保存顺序…";
    fetch(list.getAttribute("data-move-url"), { method: "POST", body: body, credentials: "same-origin" })
      .then(function (response) {
        if (response.redirected || response.ok) { window.location.reload(); return; }
        return response.text().then(function (html) { document.open(); document.write(html); document.close(); });
      })
      .catch(function () { status.textContent = "保存顺序失败（网络），请刷新页面"; });
  }
  if (window.Sortable) {
    document.querySelectorAll("ol.yc-fields").forEach(function (list) {
      window.Sortable.create(list, {
        handle: ".yc-handle",
        draggable: "li.yc-field",
        ghostClass: "yc-sortable-ghost",
        animation: 120,
        onEnd: function (event) {
          if (event.oldIndex === event.newIndex || event.from !== event.to) { return; }
          postMove(list, event.item.getAttribute("data-path"), event.newIndex);
        }
      });
    });
  }

  // --- live preview of the field being edited --------------------------------------------------------------
  var panel = document.getElementById("edit-panel");
  if (!panel || !frame) { return; }
  var timer = null;
  var sequence = 0;
  var panelStatus = document.getElementById("edit-preview-status");

  function refresh() {
    var mine = ++sequence;
    var started = performance.now();
    var body = new FormData(panel);
    fetch(panel.getAttribute("data-preview-url"), { method: "POST", body: body, credentials: "same-origin" })
      .then(function (response) {
        return response.text().then(function (text) { return { ok: response.ok, text: text }; });
      })
      .then(function (result) {
        if (mine !== sequence) { return; }
        var took = Math.round(performance.now() - started);
        frame.classList.toggle("yc-stale", !result.ok);
        if (result.ok) {
          frame.srcdoc = result.text;
          problems.innerHTML = "";
          problems.hidden = true;
          status.textContent = "已更新（" + took + " 毫秒，未保存）";
        } else {
          problems.innerHTML = result.text;
          problems.hidden = false;
          status.textContent = "有问题";
        }
        frame.setAttribute("data-preview-ms", String(took));
        if (panelStatus) { panelStatus.textContent = "预览已更新；点“保存字段”后才保存"; }
      })
      .catch(function () { status.textContent = "预览失败（网络）"; });
  }
  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(refresh, 120);
  }
  panel.addEventListener("input", schedule);
  panel.addEventListener("change", schedule);

  // Only the chosen field's values in the condition's value list.
  var condField = document.getElementById("f-cond-field");
  var condValue = document.getElementById("f-cond-value");
  var condOp = document.getElementById("f-cond-op");
  function filterValues() {
    if (!condField || !condValue) { return; }
    var chosen = condField.value;
    var hasOptions = false;
    Array.prototype.forEach.call(condValue.options, function (option) {
      var mine = !option.getAttribute("data-for") || option.getAttribute("data-for") === chosen;
      option.hidden = !mine;
      if (!mine) { option.selected = false; }
      hasOptions = hasOptions || (mine && option.getAttribute("data-for"));
    });
    condValue.multiple = condOp && condOp.value === "in";
    var text = panel.querySelector('input[name="cond_text"]');
    if (text) { text.hidden = !chosen || !!hasOptions; }
    condValue.hidden = !chosen || !hasOptions;
  }
  if (condField) {
    condField.addEventListener("change", filterValues);
    if (condOp) { condOp.addEventListener("change", filterValues); }
    filterValues();
  }
})();
