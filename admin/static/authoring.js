// New-version page: refresh the form preview while the schema is typed, and edit BPMN files in bpmn-js.
// Without JavaScript the page still works: the 预览 button posts the form and the textareas take pasted XML.
(function () {
  "use strict";
  var form = document.getElementById("version-form");
  if (!form) { return; }

  // --- live preview -------------------------------------------------------------------------------------
  var frame = document.getElementById("preview-frame");
  var problems = document.getElementById("preview-problems");
  var status = document.getElementById("preview-status");
  var timer = null;
  var sequence = 0;

  function refreshPreview() {
    var mine = ++sequence;
    var body = new FormData();
    body.append("csrf_token", form.elements.csrf_token.value);
    body.append("form_schema", form.elements.form_schema.value);
    body.append("form_ui", form.elements.form_ui.value);
    status.textContent = "更新中…";
    fetch(form.getAttribute("data-preview-url"), { method: "POST", body: body, credentials: "same-origin" })
      .then(function (response) {
        return response.text().then(function (text) { return { ok: response.ok, text: text }; });
      })
      .then(function (result) {
        if (mine !== sequence) { return; }  // a newer edit already asked again
        frame.classList.toggle("yc-stale", !result.ok);
        if (result.ok) {
          frame.srcdoc = result.text;
          problems.innerHTML = "";
          problems.hidden = true;
          status.textContent = "已更新";
        } else {
          problems.innerHTML = result.text;
          problems.hidden = false;
          status.textContent = "有问题";
        }
      })
      .catch(function () { status.textContent = "预览失败（网络）"; });
  }

  ["form_schema", "form_ui"].forEach(function (name) {
    form.elements[name].addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(refreshPreview, 400);
    });
  });

  // --- BPMN modeler -------------------------------------------------------------------------------------
  var panel = document.getElementById("bpmn-modeler");
  if (!panel || !window.BpmnJS) { return; }
  var modeler = new window.BpmnJS({ container: panel.querySelector(".yc-bpmn-canvas") });
  panel.bpmnModeler = modeler;  // for the browser tests and the console
  var fileLabel = panel.querySelector("[data-modeler-file]");
  var target = null;
  var importing = false;
  var pendingSave = null;
  var dirty = false;  // only edited diagrams are written back, so an untouched file keeps its exact text

  function writeBack() {
    clearTimeout(pendingSave);
    pendingSave = null;
    if (!target || !dirty) { return Promise.resolve(); }
    dirty = false;
    return modeler.saveXML({ format: true }).then(function (result) { target.value = result.xml; });
  }

  function open(row) {
    target = row.querySelector("textarea[name=bpmn_text]");
    var nameInput = row.querySelector("input[name=bpmn_name]");
    if (!nameInput.value) { nameInput.value = "approval_new.bpmn"; }
    fileLabel.textContent = nameInput.value;
    panel.hidden = false;
    importing = true;
    var loading = target.value.trim() ? modeler.importXML(target.value) : modeler.createDiagram();
    return loading.then(function () {
      modeler.get("canvas").zoom("fit-viewport");
      panel.setAttribute("data-rendered", "true");
      if (!target.value.trim()) { dirty = true; return writeBack(); }
    }).catch(function (err) {
      fileLabel.textContent = nameInput.value + "（无法载入：" + err.message + "）";
    }).then(function () { importing = false; });
  }

  modeler.on("commandStack.changed", function () {
    if (importing) { return; }
    dirty = true;
    clearTimeout(pendingSave);
    pendingSave = setTimeout(writeBack, 300);
  });
  panel.querySelector("[data-save-bpmn]").addEventListener("click", writeBack);

  form.addEventListener("submit", function (event) {
    if (pendingSave === null) { return; }
    event.preventDefault();  // the modeler has edits not yet written back: write them, then submit
    var submitter = event.submitter;
    writeBack().then(function () { form.requestSubmit(submitter); });
  });

  var rows = document.querySelectorAll("[data-bpmn-row]");
  rows.forEach(function (row) {
    var button = row.querySelector("[data-edit-bpmn]");
    button.hidden = false;
    button.addEventListener("click", function () { writeBack().then(function () { open(row); }); });
  });
  if (rows.length && rows[0].querySelector("textarea").value.trim()) { open(rows[0]); }
})();
