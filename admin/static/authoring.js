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
  if (!panel || !window.YichuangModeler) { return; }
  var settings = JSON.parse(document.getElementById("modeler-settings").textContent);
  var modeler = window.YichuangModeler.create(
    panel.querySelector(".yc-bpmn-canvas"),
    panel.querySelector("[data-properties-panel]"),
    {
      settings: settings,
      csrfToken: form.elements.csrf_token.value,
      // the condition check reads the forms as they are on the page now, saved or not
      context: function () {
        return { form_schema: form.elements.form_schema.value, decision_forms: form.elements.decision_forms.value };
      }
    }
  );
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
    var loading = modeler.importXML(target.value.trim() ? target.value : newDiagram(newProcessId()));
    return loading.then(function () {
      fitBesidePalette();
      panel.setAttribute("data-rendered", "true");
      if (!target.value.trim()) { dirty = true; return writeBack(); }
    }).catch(function (err) {
      fileLabel.textContent = nameInput.value + "（无法载入：" + err.message + "）";
    }).then(function () { importing = false; });
  }

  // The whole diagram in view, right of the tool palette (which floats over the canvas's left edge).
  function fitBesidePalette() {
    var canvas = modeler.get("canvas");
    canvas.zoom("fit-viewport");
    var box = canvas.viewbox();
    var inner = box.inner;
    var outer = box.outer;
    var margin = outer.width < 600 ? 85 : 130;  // the palette is scaled down on a phone (authoring.css)
    var scale = Math.min(1, (outer.width - margin - 20) / inner.width, (outer.height - 40) / inner.height);
    canvas.viewbox({
      x: inner.x - margin / scale, y: inner.y - 20 / scale, width: outer.width / scale, height: outer.height / scale
    });
  }

  // A new file starts as an executable process in a pool, with its start event: lanes, steps and flows are drawn
  // from there, and every setting is made in the properties panel.
  function newProcessId() {
    var wanted = form.elements.process_id.value.trim();
    var texts = Array.prototype.map.call(document.querySelectorAll("textarea[name=bpmn_text]"), function (t) { return t.value; });
    var taken = function (id) { return texts.some(function (t) { return t.indexOf('id="' + id + '"') >= 0; }); };
    var id = /^[A-Za-z_][\w-]*$/.test(wanted) ? wanted : "approval";
    for (var n = 2; taken(id); n++) { id = (wanted || "approval") + "_" + n; }
    return id;
  }

  function newDiagram(processId) {
    return '<?xml version="1.0" encoding="UTF-8"?>\n' +
      '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" ' +
      'xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" id="Definitions_' + processId + '" targetNamespace="http://bpmn.io/schema/bpmn">' +
      '<bpmn:collaboration id="Collaboration_' + processId + '"><bpmn:participant id="Participant_' + processId + '" name="审批流程" processRef="' + processId + '"/></bpmn:collaboration>' +
      '<bpmn:process id="' + processId + '" name="审批流程" isExecutable="true"><bpmn:startEvent id="start_accepted" name="已受理"/></bpmn:process>' +
      '<bpmndi:BPMNDiagram id="Diagram_' + processId + '"><bpmndi:BPMNPlane id="Plane_' + processId + '" bpmnElement="Collaboration_' + processId + '">' +
      '<bpmndi:BPMNShape id="Participant_' + processId + '_di" bpmnElement="Participant_' + processId + '" isHorizontal="true"><dc:Bounds x="120" y="60" width="960" height="360"/></bpmndi:BPMNShape>' +
      '<bpmndi:BPMNShape id="start_accepted_di" bpmnElement="start_accepted"><dc:Bounds x="192" y="132" width="36" height="36"/></bpmndi:BPMNShape>' +
      '</bpmndi:BPMNPlane></bpmndi:BPMNDiagram></bpmn:definitions>';
  }

  // "设为事项的审批流程": the item runs the process drawn here (the 流程 ID field above).
  function drawnProcessId() {
    var root = modeler.getDefinitions && modeler.getDefinitions();
    var processes = root ? root.get("rootElements").filter(function (e) { return e.$type === "bpmn:Process"; }) : [];
    var executable = processes.filter(function (p) { return p.isExecutable; });
    return (executable[0] || processes[0] || {}).id || "";
  }
  var useButton = panel.querySelector("[data-use-process]");
  useButton.addEventListener("click", function () {
    var id = drawnProcessId();
    if (id) {
      form.elements.process_id.value = id;
      useButton.textContent = "事项的审批流程：" + id;
    }
  });

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
