// Draws a person's network (issue 20) with cytoscape.js, vendored and served by haven, from the
// data the server embedded in the page. The table below the graph holds the same links and is
// the page: without this script (or without JavaScript) nothing is lost.
(function () {
  "use strict";
  var box = document.getElementById("network-graph");
  var data = document.getElementById("network-data");
  if (!box || !data || typeof window.cytoscape !== "function") return;
  var graph = JSON.parse(data.textContent);
  // cytoscape.js adds a <style> element once unless one with this id exists; the content
  // security policy refuses inline styles, and haven.css carries the rule instead.
  if (!document.getElementById("__________cytoscape_stylesheet")) {
    var marker = document.createElement("meta");
    marker.id = "__________cytoscape_stylesheet";
    document.head.appendChild(marker);
  }
  var elements = [];
  graph.nodes.forEach(function (n) {
    elements.push({ data: { id: n.id, label: n.label, kind: n.kind, step: n.step, href: n.href || "" } });
  });
  graph.edges.forEach(function (e, i) {
    elements.push({ data: { id: "e" + i, source: e.source, target: e.target, label: e.label } });
  });
  var cy = window.cytoscape({
    container: box,
    elements: elements,
    wheelSensitivity: 0.2,
    style: [
      { selector: "node", style: {
        "label": "data(label)", "font-size": 11, "text-wrap": "ellipsis", "text-max-width": 140,
        "text-valign": "bottom", "text-margin-y": 4, "color": "#0b0c0c",
        "width": 22, "height": 22, "background-color": "#1d70b8", "border-width": 1, "border-color": "#0b0c0c"
      } },
      { selector: "node[kind = 'adult']", style: { "shape": "round-rectangle", "background-color": "#d4351c" } },
      { selector: "node[kind = 'place']", style: { "shape": "diamond", "background-color": "#00703c" } },
      { selector: "node[kind = 'hidden']", style: { "background-color": "#b1b4b6" } },
      { selector: "node[step = 0]", style: { "width": 34, "height": 34, "border-width": 3 } },
      { selector: "edge", style: {
        "width": 2, "line-color": "#505a5f", "curve-style": "bezier", "label": "data(label)",
        "font-size": 9, "text-rotation": "autorotate", "text-background-color": "#ffffff",
        "text-background-opacity": 1, "color": "#505a5f"
      } }
    ],
    layout: { name: "cose", animate: false, nodeDimensionsIncludeLabels: true, padding: 20 }
  });
  // A person's node opens their page.
  cy.on("tap", "node", function (evt) {
    var href = evt.target.data("href");
    if (href) window.location.assign(href);
  });
})();
