// Supervision charts (ECharts, SVG renderer): each bar is a figure; a click opens its cases.
(function () {
  function start() {
    var source = document.getElementById("supervise-data");
    if (!source || !window.echarts) return;
    var data = JSON.parse(source.textContent);
    var colours = { green: "#2e7d32", yellow: "#f9a825", red: "#c62828", paused: "#78909c" };

    function bar(elementId, rows, names, colour) {
      var element = document.getElementById(elementId);
      if (!element || !rows.length) { if (element) element.hidden = true; return; }
      var chart = echarts.init(element, null, { renderer: "svg" });
      chart.setOption({
        animation: false,
        grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
        tooltip: { trigger: "item" },
        xAxis: { type: "category", data: names, axisLabel: { interval: 0, overflow: "break", width: 80 } },
        yAxis: { type: "value", minInterval: 1 },
        series: [{
          type: "bar",
          barMaxWidth: 48,
          label: { show: true, position: "top" },
          data: rows.map(function (row) {
            return { value: row.value, url: row.url, itemStyle: { color: colour(row) } };
          })
        }]
      });
      chart.on("click", function (event) { if (event.data && event.data.url) window.location.href = event.data.url; });
      window.addEventListener("resize", function () { chart.resize(); });
    }

    bar("chart-lights", data.lights, data.lights.map(function (r) { return data.labels[r.name]; }),
        function (row) { return colours[row.name]; });
    bar("chart-overdue", data.overdue, data.overdue.map(function (r) { return r.name; }),
        function () { return colours.red; });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
