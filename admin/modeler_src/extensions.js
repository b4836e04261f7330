// Reading and writing the BPMN extensions Yichuang reads (workflows/properties.py): SpiffArena's
// <spiffworkflow:properties> on tasks and events, and <spiffworkflow:serviceTaskOperator> on service tasks.
// Every write goes through bpmn-js's modeling commands, so it can be undone and is written back to the XML.
import { getBusinessObject, is } from "bpmn-js/lib/util/ModelUtil";

export function extension(bo, type) {
  var ext = bo.get("extensionElements");
  return ext ? ext.get("values").find(function (v) { return is(v, type); }) : undefined;
}

function ensureExtension(element, type, attrs, services) {
  var bo = getBusinessObject(element);
  var ext = bo.get("extensionElements");
  if (!ext) {
    ext = services.bpmnFactory.create("bpmn:ExtensionElements", { values: [] });
    ext.$parent = bo;
    services.modeling.updateModdleProperties(element, bo, { extensionElements: ext });
  }
  var found = extension(bo, type);
  if (!found) {
    found = services.bpmnFactory.create(type, attrs);
    found.$parent = ext;
    services.modeling.updateModdleProperties(element, ext, { values: ext.get("values").concat([found]) });
  }
  return found;
}

export function getProperty(element, name) {
  var props = extension(getBusinessObject(element), "spiffworkflow:Properties");
  var prop = props && props.get("properties").find(function (p) { return p.name === name; });
  return prop ? prop.value : undefined;
}

// An empty value removes the property, so the XML never carries properties nobody set.
export function setProperty(element, name, value, services) {
  value = value === undefined || value === null ? "" : String(value).trim();
  var existing = extension(getBusinessObject(element), "spiffworkflow:Properties");
  if (!value && !existing) { return; }
  var props = ensureExtension(element, "spiffworkflow:Properties", { properties: [] }, services);
  var list = props.get("properties");
  var prop = list.find(function (p) { return p.name === name; });
  if (!value) {
    if (prop) {
      services.modeling.updateModdleProperties(element, props, { properties: list.filter(function (p) { return p !== prop; }) });
    }
  } else if (prop) {
    services.modeling.updateModdleProperties(element, prop, { value: value });
  } else {
    prop = services.bpmnFactory.create("spiffworkflow:Property", { name: name, value: value });
    prop.$parent = props;
    services.modeling.updateModdleProperties(element, props, { properties: list.concat([prop]) });
  }
}

export function getOperator(element) {
  return extension(getBusinessObject(element), "spiffworkflow:ServiceTaskOperator");
}

export function setAction(element, action, services) {
  var operator = getOperator(element);
  if (!operator) {
    if (!action) { return; }
    var list = services.bpmnFactory.create("spiffworkflow:Parameters", { parameters: [] });
    operator = ensureExtension(element, "spiffworkflow:ServiceTaskOperator", { id: action, parameterList: list }, services);
    list.$parent = operator;
  } else {
    services.modeling.updateModdleProperties(element, operator, { id: action || undefined });
  }
}

export function getParameter(element, id) {
  var operator = getOperator(element);
  var list = operator && operator.get("parameterList");
  var param = list && list.get("parameters").find(function (p) { return p.id === id; });
  return param ? param.value : undefined;
}

export function setParameter(element, id, value, services) {
  var operator = getOperator(element);
  if (!operator) { return; }
  value = (value || "").trim();
  var list = operator.get("parameterList");
  if (!list) {
    list = services.bpmnFactory.create("spiffworkflow:Parameters", { parameters: [] });
    list.$parent = operator;
    services.modeling.updateModdleProperties(element, operator, { parameterList: list });
  }
  var params = list.get("parameters");
  var param = params.find(function (p) { return p.id === id; });
  if (!value) {
    if (param) {
      services.modeling.updateModdleProperties(element, list, { parameters: params.filter(function (p) { return p !== param; }) });
    }
  } else if (param) {
    services.modeling.updateModdleProperties(element, param, { value: value });
  } else {
    param = services.bpmnFactory.create("spiffworkflow:Parameter", { id: id, type: "any", value: value });
    param.$parent = list;
    services.modeling.updateModdleProperties(element, list, { parameters: params.concat([param]) });
  }
}
