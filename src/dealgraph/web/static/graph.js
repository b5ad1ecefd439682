// Zoom and pan for the server-drawn graph (it reads without this script): the wheel
// or the buttons zoom around a point, dragging moves the view; all by the viewBox.
(function () {
  "use strict";
  var box = document.querySelector(".graph-box");
  var svg = box && box.querySelector("svg.graph");
  if (!svg) { return; }
  var start = svg.getAttribute("viewBox").split(" ").map(Number);
  var view = start.slice();
  function apply() { svg.setAttribute("viewBox", view.map(function (v) { return v.toFixed(1); }).join(" ")); }
  function zoom(factor, cx, cy) {
    var w = view[2] * factor, h = view[3] * factor;
    if (w < start[2] / 20 || w > start[2] * 4) { return; }
    view = [cx - (cx - view[0]) * factor, cy - (cy - view[1]) * factor, w, h];
    apply();
  }
  function point(event) {
    var r = svg.getBoundingClientRect();
    return [view[0] + (event.clientX - r.left) / r.width * view[2],
            view[1] + (event.clientY - r.top) / r.height * view[3]];
  }
  svg.addEventListener("wheel", function (event) {
    event.preventDefault();
    var p = point(event);
    zoom(event.deltaY < 0 ? 0.8 : 1.25, p[0], p[1]);
  }, { passive: false });
  var drag = null;
  svg.addEventListener("pointerdown", function (event) {
    if (event.target.closest("a")) { return; }
    drag = [event.clientX, event.clientY, view[0], view[1]];
    svg.setPointerCapture(event.pointerId);
  });
  svg.addEventListener("pointermove", function (event) {
    if (!drag) { return; }
    var r = svg.getBoundingClientRect();
    view[0] = drag[2] - (event.clientX - drag[0]) / r.width * view[2];
    view[1] = drag[3] - (event.clientY - drag[1]) / r.height * view[3];
    apply();
  });
  svg.addEventListener("pointerup", function () { drag = null; });
  var bar = document.createElement("div");
  bar.className = "zoom";
  [["zoomIn", 0.8], ["zoomOut", 1.25], ["zoomReset", 0]].forEach(function (spec) {
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = box.dataset[spec[0]];
    button.addEventListener("click", function () {
      if (!spec[1]) { view = start.slice(); apply(); return; }
      zoom(spec[1], view[0] + view[2] / 2, view[1] + view[3] / 2);
    });
    bar.appendChild(button);
  });
  box.insertBefore(bar, svg);
}());
