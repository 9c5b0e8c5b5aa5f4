// The map page: reads the data from #map-data, draws it with vis-network, adds search, kind
// filters and details. Text from documents is only ever put on screen with textContent.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("map-data").textContent);
  var S = data.strings;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function line(parent, label, value) {
    if (!value || (Array.isArray(value) && !value.length)) return;
    parent.appendChild(el("div", null, label + "：" + (Array.isArray(value) ? value.join("、") : value)));
  }

  // A tooltip is a DOM element built from data: vis-network shows elements as they are.
  function nodeTip(d) {
    var box = el("div", "tip");
    box.appendChild(el("strong", null, d.n));
    line(box, S.kind, d.k);
    line(box, S.aliases, d.a);
    line(box, S.industry, d.i);
    (d.m || []).forEach(function (m) { line(box, m[0], m[1]); });
    if (d.q) box.appendChild(el("blockquote", null, d.q));
    return box;
  }

  function edgeTip(d) {
    var box = el("div", "tip");
    box.appendChild(el("strong", null, d.r));
    if (d.q) box.appendChild(el("blockquote", null, d.q));
    return box;
  }

  data.nodes.forEach(function (n) { n.title = nodeTip(data.details[n.id]); });
  data.edges.forEach(function (e, i) { e.title = edgeTip(data.edgeDetails[i]); });

  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var container = document.getElementById("map-network");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  var status = document.getElementById("map-status");
  window.innographMap = { network: network, nodes: nodes, edges: edges, stable: false };

  function markStable() {
    if (window.innographMap.stable) return;
    window.innographMap.stable = true;
    window.innographMap.stableAt = performance.now();
    document.body.setAttribute("data-stable", "1");
    status.textContent = "";
  }
  if (data.physics && data.nodes.length) {
    // Settle once, then stop: a map that keeps moving cannot be read or clicked.
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: { enabled: false } });
      markStable();
    });
  } else {
    network.once("afterDrawing", markStable);
    if (!data.nodes.length) markStable();
  }

  // Details panel: the selected node's tooltip, readable without hovering (and when printed).
  var details = document.getElementById("map-details");
  network.on("selectNode", function (params) {
    details.textContent = "";
    details.appendChild(nodeTip(data.details[params.nodes[0]]));
  });
  network.on("deselectNode", function () { details.textContent = ""; });

  // Kind filters: hide every node of an unticked category.
  var byCategory = {};
  data.nodes.forEach(function (n) { (byCategory[n.cat] = byCategory[n.cat] || []).push(n.id); });
  var boxes = Array.prototype.slice.call(document.querySelectorAll(".kind-filter"));
  function setCategory(key, visible) {
    nodes.update((byCategory[key] || []).map(function (id) { return { id: id, hidden: !visible }; }));
  }
  boxes.forEach(function (box) {
    box.addEventListener("change", function () { setCategory(box.value, box.checked); });
  });

  // Search by (part of) a name or alias; Enter or a click focuses the node.
  var input = document.getElementById("map-search");
  var results = document.getElementById("map-search-results");
  var searchStatus = document.getElementById("map-search-status");
  var index = data.nodes.map(function (n) {
    var d = data.details[n.id];
    return { id: n.id, name: d.n, group: n.cat, text: [d.n].concat(d.a || []).join("\n").toLowerCase() };
  });

  function matches(query) {
    var q = query.trim().toLowerCase();
    if (!q) return [];
    var found = index.filter(function (item) { return item.text.indexOf(q) !== -1; });
    // Exact names first, then shorter names (closer matches), then page order.
    found.sort(function (a, b) {
      return (b.name.toLowerCase() === q) - (a.name.toLowerCase() === q) || a.name.length - b.name.length;
    });
    return found;
  }

  function focusNode(item) {
    boxes.forEach(function (box) {
      if (box.value === item.group && !box.checked) { box.checked = true; setCategory(box.value, true); }
    });
    network.selectNodes([item.id]);
    network.focus(item.id, { scale: 1.4, animation: { duration: 300, easingFunction: "easeInOutQuad" } });
    details.textContent = "";
    details.appendChild(nodeTip(data.details[item.id]));
    results.textContent = "";
  }

  function showResults() {
    var found = matches(input.value);
    results.textContent = "";
    searchStatus.textContent = input.value.trim() ? (found.length ? S.search_found.replace("{n}", found.length) : S.search_none) : "";
    found.slice(0, 12).forEach(function (item) {
      var button = el("button", null, item.name);
      button.type = "button";
      button.addEventListener("click", function () { focusNode(item); });
      results.appendChild(button);
    });
    return found;
  }

  input.addEventListener("input", showResults);
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      var found = showResults();
      if (found.length) focusNode(found[0]);
    } else if (event.key === "Escape") {
      results.textContent = "";
    }
  });
})();
