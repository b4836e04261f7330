// A lane is named by its department's code (what publishing reads); the canvas also shows the department's name
// beside it, so the admin reads "区市场监督管理局" where the XML says "scjg".
import { is } from "bpmn-js/lib/util/ModelUtil";

function escape(text) {
  return String(text).replace(/[&<>"']/g, function (c) {
    return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
  });
}

export default function LaneNames(eventBus, overlays, elementRegistry, config) {
  var departments = {};
  ((config && config.settings && config.settings.departments) || []).forEach(function (d) { departments[d.code] = d.name; });

  function show(lane) {
    overlays.remove({ element: lane, type: "yc-department" });
    var code = (lane.businessObject.name || "").trim();
    var name = departments[code];
    var html = name
      ? '<span class="yc-lane-department">' + escape(name) + "</span>"
      : '<span class="yc-lane-department yc-lane-unknown">' + (code ? "“" + escape(code) + "”不是平台的部门" : "未选择部门") + "</span>";
    overlays.add(lane, "yc-department", { position: { top: 6, left: 36 }, html: html });
  }

  function refresh() {
    elementRegistry.filter(function (e) { return is(e, "bpmn:Lane"); }).forEach(show);
  }

  eventBus.on("import.done", refresh);
  eventBus.on("elements.changed", function (event) {
    if (event.elements.some(function (e) { return is(e, "bpmn:Lane") || is(e, "bpmn:Participant"); })) { refresh(); }
  });
}

LaneNames.$inject = ["eventBus", "overlays", "elementRegistry", "config.yichuang"];
