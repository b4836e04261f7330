// Yichuang's group in the properties panel ("一窗设置"): what an approval path needs, chosen from the platform's
// own lists, written as publishing reads it (lane name = department code, workflows/properties.py for the rest).
import { h } from "@bpmn-io/properties-panel/preact";
import { useEffect, useState } from "@bpmn-io/properties-panel/preact/hooks";
import { CheckboxEntry, SelectEntry, TextAreaEntry, TextFieldEntry } from "@bpmn-io/properties-panel";
import { useService } from "bpmn-js-properties-panel";
import { getBusinessObject, is } from "bpmn-js/lib/util/ModelUtil";

import { getOperator, getParameter, getProperty, setAction, setParameter, setProperty } from "./extensions";
import { UNITS, preview, readTimer, writeTimer } from "./timers";

var STEP_LIMIT = "limitDays";
var WORKING_DAYS = "workingDays";
var DECISION_FORM = "formJsonSchemaFilename";

function services() {
  return { modeling: useService("modeling"), bpmnFactory: useService("bpmnFactory") };
}

function settingsOf() {
  return useService("config.yichuang") || {};
}

// --- lane -> department ------------------------------------------------------------------------------------------

function DepartmentEntry(props) {
  var element = props.element;
  var s = services();
  var settings = settingsOf().settings || {};
  var departments = settings.departments || [];
  return h(SelectEntry, {
    element: element,
    id: "yc-department",
    label: "所属部门",
    description: "此泳道中的审批步骤进入该部门的待办。",
    getValue: function () { return getBusinessObject(element).name || ""; },
    setValue: function (code) { s.modeling.updateProperties(element, { name: code || undefined }); },
    getOptions: function () {
      var current = getBusinessObject(element).name || "";
      var options = [{ value: "", label: "（请选择部门）" }];
      departments.forEach(function (d) { options.push({ value: d.code, label: d.name + "（" + d.code + "）" }); });
      if (current && !departments.some(function (d) { return d.code === current; })) {
        options.push({ value: current, label: current + "（不是平台的部门）" });
      }
      return options;
    }
  });
}

// --- user task -> decision form, step limit ----------------------------------------------------------------------

function DecisionFormEntry(props) {
  var element = props.element;
  var s = services();
  var settings = settingsOf().settings || {};
  var link = settings.newDecisionFormUrl
    ? h("a", { href: settings.newDecisionFormUrl, target: "_blank", rel: "noopener" }, "新建决策表单（表单设计器）")
    : null;
  return h(SelectEntry, {
    element: element,
    id: "yc-decision-form",
    label: "决策表单",
    description: h("span", null, "审批人在此步骤填写的表单。", link),
    getValue: function () { return getProperty(element, DECISION_FORM) || ""; },
    setValue: function (value) { setProperty(element, DECISION_FORM, value, s); },
    getOptions: function () {
      var current = getProperty(element, DECISION_FORM) || "";
      var names = (settings.decisionForms || []).slice();
      if (current && names.indexOf(current) < 0) { names.push(current); }
      return [{ value: "", label: "（请选择决策表单）" }].concat(
        names.map(function (n) { return { value: n, label: n.replace(/\.schema\.json$/, "") }; })
      );
    }
  });
}

function stepLimitProblem(value, max) {
  var text = (value || "").trim();
  if (!text) { return null; }
  if (!/^\d+$/.test(text) || +text > max) { return "请填写 0 至 " + max + " 之间的整数（工作日；0 表示当天办结）"; }
  return null;
}

function StepLimitEntry(props) {
  var element = props.element;
  var s = services();
  var max = (settingsOf().settings || {}).maxStepLimit || 365;
  return h(TextFieldEntry, {
    element: element,
    id: "yc-step-limit",
    label: "步骤时限（工作日）",
    description: "留空则只按事项的承诺时限计算。",
    debounce: useService("debounceInput"),
    validate: function (value) { return stepLimitProblem(value, max); },
    getValue: function () { return getProperty(element, STEP_LIMIT) || ""; },
    setValue: function (value) {
      if (!stepLimitProblem(value, max)) { setProperty(element, STEP_LIMIT, value, s); }
    }
  });
}

// --- sequence flow -> condition (checked live), default flow -----------------------------------------------------

function isChoice(element) {
  return element.source && (is(element.source, "bpmn:ExclusiveGateway") || is(element.source, "bpmn:InclusiveGateway"));
}

function isDefault(element) {
  return !!element.source && getBusinessObject(element.source).default === getBusinessObject(element);
}

function conditionOf(element) {
  var expression = getBusinessObject(element).conditionExpression;
  return expression ? expression.body || "" : "";
}

function askServer(expression, bpmnjs, settings) {
  var context = settings.context ? settings.context() : {};
  return bpmnjs.saveXML().then(function (result) {
    return fetch(settings.settings.conditionUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": settings.csrfToken || "" },
      body: JSON.stringify({
        expression: expression,
        bpmn: result.xml,
        form_schema: context.form_schema || "",
        decision_forms: context.decision_forms || ""
      })
    });
  }).then(function (response) {
    if (!response.ok) { throw new Error(String(response.status)); }
    return response.json();
  }).then(function (body) { return body.problems || []; });
}

function ConditionEntry(props) {
  var element = props.element;
  var s = services();
  var bpmnjs = useService("bpmnjs");
  var settings = settingsOf();
  var value = conditionOf(element);
  var state = useState(null);
  var problems = state[0];
  var setProblems = state[1];
  useEffect(function () {
    var stale = false;
    setProblems(null);
    var timer = setTimeout(function () {
      askServer(value, bpmnjs, settings).then(
        function (found) { if (!stale) { setProblems(found); } },
        function () { if (!stale) { setProblems(["暂时无法检查条件（网络），发布时会再检查。"]); } }
      );
    }, 250);
    return function () { stale = true; clearTimeout(timer); };
  }, [value, element.id]);
  var verdict;
  if (problems === null) {
    verdict = h("span", { class: "yc-check-pending" }, "检查中…");
  } else if (problems.length) {
    verdict = h("ul", { class: "yc-check-problems" }, problems.map(function (p) { return h("li", null, p); }));
  } else {
    verdict = h("span", { class: "yc-check-ok" }, "✓ 条件可以运行");
  }
  return h("div", { class: "yc-condition" }, [
    h(TextAreaEntry, {
      element: element,
      id: "yc-condition",
      label: "条件（满足时走这条连线）",
      description: '例如 form["area"] > 100 或 scjg_review["approved"]',
      rows: 2,
      monospace: true,
      debounce: useService("debounceInput"),
      getValue: function () { return conditionOf(element); },
      setValue: function (text) {
        var body = (text || "").trim();
        var expression = body ? s.bpmnFactory.create("bpmn:FormalExpression", { body: body }) : undefined;
        s.modeling.updateProperties(element, { conditionExpression: expression });
      }
    }),
    h("div", { class: "yc-condition-check", "data-condition-check": "", role: "status", "aria-live": "polite" }, verdict)
  ]);
}

function DefaultFlowEntry(props) {
  var element = props.element;
  var s = services();
  return h(CheckboxEntry, {
    element: element,
    id: "yc-default-flow",
    label: "默认连线（其他条件都不满足时走这条）",
    getValue: function () { return isDefault(element); },
    setValue: function (checked) {
      var flow = getBusinessObject(element);
      s.modeling.updateProperties(element.source, { default: checked ? flow : undefined });
      if (checked && flow.conditionExpression) { s.modeling.updateProperties(element, { conditionExpression: undefined }); }
    }
  });
}

// --- timer events -> working days or calendar time ---------------------------------------------------------------

function timerDefinition(element) {
  var definitions = getBusinessObject(element).eventDefinitions || [];
  return definitions.find(function (d) { return is(d, "bpmn:TimerEventDefinition"); });
}

function currentTimer(element) {
  var definition = timerDefinition(element);
  var duration = definition && definition.timeDuration;
  return readTimer(duration ? duration.body : "", getProperty(element, WORKING_DAYS) === "true");
}

function saveTimer(element, amount, unit, s) {
  var written = writeTimer(amount, unit);
  if (!written) { return; }
  var definition = timerDefinition(element);
  var duration = s.bpmnFactory.create("bpmn:FormalExpression", { body: written.expression });
  duration.$parent = definition;
  s.modeling.updateModdleProperties(element, definition, { timeDuration: duration, timeDate: undefined, timeCycle: undefined });
  setProperty(element, WORKING_DAYS, written.workingDays ? "true" : "", s);
}

function TimerAmountEntry(props) {
  var element = props.element;
  var s = services();
  var timer = currentTimer(element);
  var said = preview(timer.amount, timer.unit);
  return h(TextFieldEntry, {
    element: element,
    id: "yc-timer-amount",
    label: "时长",
    description: said ? "到达此处后等待 " + said + " 触发" : timer.other ? "当前写法：" + timer.other + "（填写时长即改为新的写法）" : "请填写正整数",
    debounce: useService("debounceInput"),
    validate: function (value) { return value && !/^\d+$/.test(value.trim()) ? "请填写正整数" : null; },
    getValue: function () { return currentTimer(element).amount; },
    setValue: function (value) { saveTimer(element, value, currentTimer(element).unit, s); }
  });
}

function TimerUnitEntry(props) {
  var element = props.element;
  var s = services();
  return h(SelectEntry, {
    element: element,
    id: "yc-timer-unit",
    label: "单位",
    getValue: function () { return currentTimer(element).unit; },
    setValue: function (unit) {
      var timer = currentTimer(element);
      if (timer.amount) { saveTimer(element, timer.amount, unit, s); } else { setProperty(element, WORKING_DAYS, unit === "workdays" ? "true" : "", s); }
    },
    getOptions: function () { return UNITS.map(function (u) { return { value: u.value, label: u.label }; }); }
  });
}

// --- service task -> platform action and its parameters ----------------------------------------------------------

function ActionEntry(props) {
  var element = props.element;
  var s = services();
  var actions = (settingsOf().settings || {}).actions || [];
  return h(SelectEntry, {
    element: element,
    id: "yc-action",
    label: "平台动作",
    getValue: function () { var op = getOperator(element); return op ? op.id || "" : ""; },
    setValue: function (value) { setAction(element, value, s); },
    getOptions: function () {
      return [{ value: "", label: "（请选择动作）" }].concat(actions.map(function (a) { return { value: a.id, label: a.label }; }));
    }
  });
}

function parameterEntry(param) {
  return function ParameterEntry(props) {
    var element = props.element;
    var s = services();
    return h(TextFieldEntry, {
      element: element,
      id: "yc-param-" + param.id,
      label: param.label,
      description: "例如 " + param.example,
      debounce: useService("debounceInput"),
      getValue: function () { return getParameter(element, param.id) || ""; },
      setValue: function (value) { setParameter(element, param.id, value, s); }
    });
  };
}

// --- call activity -> process ------------------------------------------------------------------------------------

function CalledProcessEntry(props) {
  var element = props.element;
  var s = services();
  var processes = (settingsOf().settings || {}).processes || [];
  return h(SelectEntry, {
    element: element,
    id: "yc-called",
    label: "调用的流程",
    description: "可调用本版本 BPMN 文件中的其他流程（子流程）。",
    getValue: function () { return getBusinessObject(element).calledElement || ""; },
    setValue: function (value) { s.modeling.updateProperties(element, { calledElement: value || undefined }); },
    getOptions: function () {
      var current = getBusinessObject(element).calledElement || "";
      var options = [{ value: "", label: "（请选择流程）" }].concat(
        processes.map(function (p) { return { value: p.id, label: p.name + "（" + p.file + "）" }; })
      );
      if (current && !processes.some(function (p) { return p.id === current; })) {
        options.push({ value: current, label: current + "（不在本版本的文件中）" });
      }
      return options;
    }
  });
}

// --- the group ---------------------------------------------------------------------------------------------------

function entries(element, settings) {
  var list = [];
  if (is(element, "bpmn:Lane")) {
    list.push({ id: "yc-department", component: DepartmentEntry });
  }
  if (is(element, "bpmn:UserTask")) {
    list.push({ id: "yc-decision-form", component: DecisionFormEntry });
  }
  if (is(element, "bpmn:UserTask") || is(element, "bpmn:ManualTask")) {
    list.push({ id: "yc-step-limit", component: StepLimitEntry });
  }
  if (is(element, "bpmn:SequenceFlow") && (isChoice(element) || conditionOf(element))) {
    if (!isDefault(element)) { list.push({ id: "yc-condition", component: ConditionEntry }); }
    if (isChoice(element)) { list.push({ id: "yc-default-flow", component: DefaultFlowEntry }); }
  }
  if ((is(element, "bpmn:BoundaryEvent") || is(element, "bpmn:IntermediateCatchEvent")) && timerDefinition(element)) {
    list.push({ id: "yc-timer-amount", component: TimerAmountEntry });
    list.push({ id: "yc-timer-unit", component: TimerUnitEntry });
  }
  if (is(element, "bpmn:ServiceTask")) {
    list.push({ id: "yc-action", component: ActionEntry });
    var operator = getOperator(element);
    var action = (settings.actions || []).find(function (a) { return operator && a.id === operator.id; });
    (action ? action.params : []).forEach(function (param) {
      list.push({ id: "yc-param-" + param.id, component: parameterEntry(param) });
    });
  }
  if (is(element, "bpmn:CallActivity")) {
    list.push({ id: "yc-called", component: CalledProcessEntry });
  }
  return list;
}

// Groups of the standard provider that edit the same things in Camunda's or raw ISO terms.
var REPLACED = ["timer", "condition", "CamundaPlatform__Condition"];

export default function YichuangPropertiesProvider(propertiesPanel, config) {
  this.getGroups = function (element) {
    return function (groups) {
      var own = entries(element, (config && config.settings) || {});
      groups = groups.filter(function (g) { return REPLACED.indexOf(g.id) < 0; });
      if (own.length) {
        var at = groups.findIndex(function (g) { return g.id === "general"; });
        groups.splice(at + 1, 0, { id: "yichuang", label: "一窗设置", entries: own });
      }
      return groups;
    };
  };
  propertiesPanel.registerProvider(500, this);
}

YichuangPropertiesProvider.$inject = ["propertiesPanel", "config.yichuang"];
