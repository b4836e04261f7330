// The admin's BPMN modeler: bpmn-js with the properties panel and Yichuang's own group, bundled by `make vendor`
// (esbuild) into app/static/vendor/bpmn-js/yichuang-modeler.js; the page calls window.YichuangModeler.create.
import Modeler from "bpmn-js/lib/Modeler";
import { BpmnPropertiesPanelModule, BpmnPropertiesProviderModule } from "bpmn-js-properties-panel";

import LaneNames from "./lane-names";
import PopupInView from "./popup-in-view";
import YichuangPropertiesProvider from "./provider";
import spiffworkflow from "./spiffworkflow.json";
import translate from "./translate";

var YichuangModule = {
  __init__: ["yichuangPropertiesProvider", "yichuangLaneNames", "yichuangPopupInView"],
  yichuangPropertiesProvider: ["type", YichuangPropertiesProvider],
  yichuangLaneNames: ["type", LaneNames],
  yichuangPopupInView: ["type", PopupInView],
  translate: ["value", translate]
};

function create(canvas, panel, yichuang) {
  return new Modeler({
    container: canvas,
    propertiesPanel: { parent: panel, layout: { groups: { yichuang: { open: true } } } },
    additionalModules: [BpmnPropertiesPanelModule, BpmnPropertiesProviderModule, YichuangModule],
    moddleExtensions: { spiffworkflow: spiffworkflow },
    yichuang: yichuang
  });
}

window.YichuangModeler = { create: create };
