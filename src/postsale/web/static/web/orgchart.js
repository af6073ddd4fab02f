// The org chart page (d3-org-chart): the data comes from org/data.json (the same box data the
// HTML report embeds, report/org_boxes.py) and the boxes are drawn by postsaleBoxes
// (report/js/org_boxes.js, shared with the report). No inline script (CSP script-src 'self').
(function () {
  "use strict";
  var BOX_HITS = 25;

  function start(card) {
    var note = card.querySelector(".orgchart-source");
    fetch(card.getAttribute("data-src"), {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (r) { if (!r.ok) { throw new Error(String(r.status)); } return r.json(); })
      .then(function (data) { draw(card, note, data); })
      .catch(function () { note.textContent = note.getAttribute("data-failed"); note.classList.add("note-error"); });
  }

  function draw(card, note, data) {
    var W = data.words, B = window.postsaleBoxes(data), fmt = B.fmt;

    var source = note.getAttribute("data-source-" + data.source) || "";
    var parts = [source.replace("{n}", data.version === null ? "" : fmt(data.version)),
      note.getAttribute("data-summary").replace("{seats}", fmt(data.seats)).replace("{open}", fmt(data.open))];
    if (data.unseated && data.unseated.length) {
      parts.push(note.getAttribute("data-unseated").replace("{n}", fmt(data.unseated.length))
        .replace("{names}", data.unseated.slice(0, 8).join(W.comma) + (data.unseated.length > 8 ? " …" : "")));
    }
    note.textContent = parts.join(" ");

    var canvas = card.querySelector(".org-canvas");
    var chart = B.chart(canvas, canvas.clientHeight || 640).render();
    window.postsaleOrgChart = chart;
    card.setAttribute("data-ready", "1");
    card.setAttribute("data-boxes", String(data.boxes.length));
    var found = card.querySelector(".org-found");

    var timer = null;
    card.querySelector(".org-search").addEventListener("input", function (e) {
      var q = e.target.value.trim().toLowerCase();
      clearTimeout(timer);
      timer = setTimeout(function () {
        if (!q) { B.reset(); found.textContent = ""; chart.render().fit(); return; }
        var n = B.search(chart, q, BOX_HITS);
        found.textContent = (n === 1 ? W.box_one : W.box_many).replace("{n}", fmt(n));
        card.setAttribute("data-hits", String(n));
        chart.render();
        if (n) { chart.fit(); }
      }, 150);
    });
    card.querySelector(".orgbar").addEventListener("click", function (e) {
      var act = e.target.getAttribute && e.target.getAttribute("data-act");
      if (act === "managers") { B.reset(); chart.render().fit(); }
      else if (act === "expand") { chart.expandAll().fit(); }
      else if (act === "collapse") { chart.collapseAll().fit(); }
      else if (act === "fit") { chart.fit(); }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var card = document.getElementById("orgchart");
    if (card && window.d3 && d3.OrgChart) { start(card); }
  });
})();
