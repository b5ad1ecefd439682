// Draws the deal page's chart: one point per claim, in the server's event order
// across (vague and missing dates make a true time axis lie), amount up,
// coloured by status, each point a link to the sentence that makes the claim.
// Reads its data from <script type="application/json" id="deal-points">; builds
// every node with createElementNS/textContent so article text is never parsed as markup.
(function () {
  "use strict";
  var holder = document.getElementById("deal-chart");
  var source = document.getElementById("deal-points");
  if (!holder || !source) { return; }
  var points = JSON.parse(source.textContent || "[]");
  if (!points.length) { return; }
  var NS = "http://www.w3.org/2000/svg";
  var W = 760, H = 300, L = 70, R = 20, T = 20, B = 50;

  function el(name, attrs, text) {
    var node = document.createElementNS(NS, name);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }
  function money(v) {
    var units = [[1e12, "T"], [1e9, "B"], [1e6, "M"], [1e3, "k"]];
    for (var i = 0; i < units.length; i++) {
      if (Math.abs(v) >= units[i][0]) { return +(v / units[i][0]).toPrecision(3) + units[i][1]; }
    }
    return String(v);
  }

  // Points without an amount sit on the axis; labels alternate up and down to stay legible.
  var times = points.map(function (_p, i) { return i; });
  var amounts = points.map(function (p) { return p.amount; }).filter(function (a) { return a > 0; });
  var t0 = -0.5, t1 = points.length - 0.5;
  var a1 = amounts.length ? Math.max.apply(null, amounts) * 1.15 : 1;
  var x = function (t) { return L + (W - L - R) * (t - t0) / (t1 - t0); };
  var y = function (a) { return H - B - (H - T - B) * ((a > 0 ? a : 0) / a1); };

  var svg = el("svg", { viewBox: "0 0 " + W + " " + H, role: "img",
    "aria-label": "Status and amount of the deal over time", class: "chart" });
  svg.appendChild(el("line", { x1: L, y1: H - B, x2: W - R, y2: H - B, class: "axis" }));
  svg.appendChild(el("line", { x1: L, y1: T, x2: L, y2: H - B, class: "axis" }));
  [0, 0.5, 1].forEach(function (f) {
    var v = a1 / 1.15 * f;
    svg.appendChild(el("text", { x: L - 8, y: y(v) + 4, "text-anchor": "end", class: "tick" },
      amounts.length ? money(v) : ""));
  });
  points.forEach(function (p, i) {
    svg.appendChild(el("text", { x: x(i), y: H - B + 16 + (i % 2) * 13, "text-anchor": "middle",
      class: "tick" }, p.label));
  });

  var path = points.map(function (p, i) {
    return (i ? "L" : "M") + x(times[i]).toFixed(1) + "," + y(p.amount).toFixed(1);
  }).join(" ");
  svg.appendChild(el("path", { d: path, class: "trend" }));

  points.forEach(function (p, i) {
    var link = el("a", { href: p.href, class: "point status-" + p.status,
      "data-status": p.status, "data-index": String(i) });
    link.appendChild(el("title", {}, p.label + " · " + p.status.replace(/_/g, " ") +
      (p.amount ? " · " + money(p.amount) : "") + (p.source ? " · " + p.source : "")));
    link.appendChild(el("circle", { cx: x(times[i]), cy: y(p.amount), r: 7 }));
    link.appendChild(el("text", { x: x(times[i]), y: y(p.amount) + (i % 2 ? 20 : -12),
      "text-anchor": "middle",
      class: "label" }, p.status.replace(/_/g, " ")));
    svg.appendChild(link);
  });
  holder.appendChild(svg);
}());
