// A timer as the admin sees it (a number and a unit) and as the XML holds it: an ISO-8601 duration, with the
// event property workingDays="true" when days are working days (workflows/timers.py counts them).
export var UNITS = [
  { value: "workdays", label: "工作日", suffix: "个工作日" },
  { value: "days", label: "自然日（含节假日）", suffix: "天（自然日）" },
  { value: "hours", label: "小时", suffix: "小时" }
];

export function readTimer(expression, workingDays) {
  var text = (expression || "").trim().replace(/^["']|["']$/g, "");
  var m = /^P(\d+)D$/.exec(text);
  if (m) { return { amount: m[1], unit: workingDays ? "workdays" : "days" }; }
  m = /^PT(\d+)H$/.exec(text);
  if (m) { return { amount: m[1], unit: "hours" }; }
  return { amount: "", unit: workingDays ? "workdays" : "days", other: text };
}

export function writeTimer(amount, unit) {
  var n = parseInt(amount, 10);
  if (!(n > 0)) { return null; }
  return { expression: unit === "hours" ? "PT" + n + "H" : "P" + n + "D", workingDays: unit === "workdays" };
}

// "3 个工作日": what the timer waits, as the admin would say it.
export function preview(amount, unit) {
  var n = parseInt(amount, 10);
  if (!(n > 0)) { return ""; }
  var found = UNITS.find(function (u) { return u.value === unit; });
  return n + " " + (found ? found.suffix : "");
}
