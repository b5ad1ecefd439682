// Enhances the deal page's server-drawn time axis (the page reads fully without it):
// pointing at or focusing a claim on the axis highlights its line in the history and
// the reverse, so that a reader sees which sentence makes which mark.
(function () {
  "use strict";
  var marks = document.querySelectorAll("svg.chart a.point[data-claim]");
  function pair(id, on) {
    var mark = document.querySelector('svg.chart a.point[data-claim="' + id + '"]');
    var step = document.querySelector('li.step[data-claim="' + id + '"]');
    if (mark) { mark.classList.toggle("lit", on); }
    if (step) { step.classList.toggle("lit", on); }
  }
  function bind(node) {
    var id = node.getAttribute("data-claim");
    ["mouseenter", "focus"].forEach(function (e) { node.addEventListener(e, function () { pair(id, true); }); });
    ["mouseleave", "blur"].forEach(function (e) { node.addEventListener(e, function () { pair(id, false); }); });
  }
  Array.prototype.forEach.call(marks, bind);
  Array.prototype.forEach.call(document.querySelectorAll("li.step[data-claim]"), bind);
}());
