// Draw every .yc-bpmn figure with bpmn-js (the navigated viewer's global BpmnJS) and colour its markers.
(function () {
  "use strict";

  function render(figure) {
    var canvasEl = figure.querySelector(".yc-bpmn-canvas");
    var data = JSON.parse(figure.querySelector("script.yc-bpmn-data").textContent);
    if (!window.BpmnJS) {
      canvasEl.textContent = "流程图组件未加载（请先运行 make vendor）";
      return;
    }
    canvasEl.textContent = "";
    var viewer = new window.BpmnJS({ container: canvasEl });
    viewer.importXML(data.xml).then(function () {
      var canvas = viewer.get("canvas");
      var registry = viewer.get("elementRegistry");
      canvas.zoom("fit-viewport");
      Object.keys(data.markers || {}).forEach(function (kind) {
        data.markers[kind].forEach(function (id) {
          if (registry.get(id)) { canvas.addMarker(id, "yc-" + kind); }
        });
      });
      figure.setAttribute("data-rendered", "true");
    }).catch(function (err) {
      canvasEl.textContent = "流程图无法显示：" + err.message;
    });
  }

  document.querySelectorAll(".yc-bpmn").forEach(render);
})();
