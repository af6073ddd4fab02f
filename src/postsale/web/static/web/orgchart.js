// The org chart page (d3-org-chart): the data comes from org/data.json (the same box data the
// HTML report embeds, report/org_boxes.py); every data string is escaped by esc() before it goes
// into a box. No inline script anywhere (CSP script-src 'self').
(function () {
  "use strict";
  function esc(v) {
    return String(v).replace(/[&<>"']/g, function (c) {
      return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c];
    });
  }
  var SHOWN = 6;
  var BOX_HITS = 25;

  function start(card) {
    var note = card.querySelector(".orgchart-source");
    fetch(card.getAttribute("data-src"), {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (r) { if (!r.ok) { throw new Error(String(r.status)); } return r.json(); })
      .then(function (data) { draw(card, note, data); })
      .catch(function () { note.textContent = note.getAttribute("data-failed"); note.classList.add("note-error"); });
  }

  function draw(card, note, data) {
    var W = data.words;
    function fmt(n) { return Number(n).toLocaleString(W.locale); }
    function say(template, n) { return esc(template).replace("{n}", fmt(n)); }
    var roles = data.colours.roles, shades = data.colours.leaders;

    var source = note.getAttribute("data-source-" + data.source) || "";
    var parts = [source.replace("{n}", data.version === null ? "" : fmt(data.version)),
      note.getAttribute("data-summary").replace("{seats}", fmt(data.seats)).replace("{open}", fmt(data.open))];
    if (data.unseated && data.unseated.length) {
      parts.push(note.getAttribute("data-unseated").replace("{n}", fmt(data.unseated.length))
        .replace("{names}", data.unseated.slice(0, 8).join(W.comma) + (data.unseated.length > 8 ? " …" : "")));
    }
    note.textContent = parts.join(" ");

    function colour(b) {
      if (b.kind === "team") { return roles[b.roles[0]] || "#9ca3af"; }
      return shades[Math.max(0, Math.min(b.level, shades.length - 1))];
    }
    function names(b) {
      if (!b.people) { return ""; }
      return b.people.slice(0, SHOWN).map(function (p) {
        return '<div class="person" style="white-space:nowrap;overflow:hidden;text-overflow:ellipsis">' +
          esc(p[0]) + ' <span style="color:#64748b">· ' + esc(p[1]) + '</span></div>';
      }).join("") + (b.people.length > SHOWN ? '<div style="color:#475569">' +
        say(W.more_people, b.people.length - SHOWN) + '</div>' : "");
    }
    function openReq(b) {
      if (!b.open) { return ""; }
      return '<div class="open-req" style="color:#b45309;font-weight:600">' +
        say(data.people ? (b.open === 1 ? W.open_one : W.open_many) : W.open_plan, b.open) + '</div>';
    }
    function content(d) {
      var b = d.data, c = colour(b), units = b.units.map(esc).join(", ");
      var head = '<div class="bx" data-id="' + esc(b.id) + '" style="height:' + d.height +
        'px;box-sizing:border-box;border:1px solid #cbd5e1;border-top:5px solid ' + c +
        ';border-radius:8px;background:#fff;padding:6px 9px;font:12px system-ui,sans-serif;' +
        'color:#1f2937;overflow:hidden' + (b._highlighted ? ';outline:3px solid #e11d48' : '') + '">';
      if (b.kind === "team") {
        var lines = b.lines.slice(0, 4).map(function (l) {
          return '<div style="white-space:nowrap;overflow:hidden;text-overflow:ellipsis">' +
            fmt(l[0]) + ' × ' + esc(l[1]) + '</div>';
        }).join("") + (b.lines.length > 4 ? '<div>' + say(W.more_titles, b.lines.length - 4) + '</div>' : "");
        return head + '<div style="font-weight:700;white-space:nowrap;overflow:hidden;text-overflow:ellipsis">' +
          (units || esc(W.team)) + '</div><div style="color:#475569">' + say(W.seats, b.count) + ' · ' +
          esc(b.cost_text) + '</div>' + lines +
          (b.tiers.length ? '<div style="color:#475569">' + esc(W.tiers) + b.tiers.map(esc).join(esc(W.comma)) + '</div>' : "") +
          names(b) + openReq(b) + '</div>';
      }
      return head + '<div style="font-weight:700;white-space:nowrap;overflow:hidden;text-overflow:ellipsis">' +
        esc(b.title) + '</div>' + (units ? '<div style="color:#475569;white-space:nowrap;overflow:hidden;text-overflow:ellipsis">' + units + '</div>' : "") +
        '<div>' + say(W.people, b.headcount) + ' · ' + esc(b.cost_text) + '</div>' +
        names(b) + openReq(b) +
        (b.manager ? '<div style="color:#475569">' + esc(W.manager) + '</div>' : "") + '</div>';
    }
    var canvas = card.querySelector(".org-canvas");
    var chart = new d3.OrgChart()
      .container(canvas)
      .data(data.boxes)
      .svgHeight(canvas.clientHeight || 640)
      .duration(200)
      .nodeWidth(function () { return 240; })
      .nodeHeight(function (d) {
        var p = d.data.people ? Math.min(d.data.people.length, SHOWN + 1) : 0;
        return (d.data.kind === "team" ? 66 + 16 * Math.min(d.data.lines.length, 5) +
          (d.data.tiers.length ? 16 : 0) : 86) + 16 * p + (d.data.open ? 16 : 0);
      })
      .childrenMargin(function () { return 46; })
      .compactMarginBetween(function () { return 22; })
      .compactMarginPair(function () { return 50; })
      .onNodeClick(function (node) { chart.onButtonClick({stopPropagation: function () {}}, node); })
      .nodeContent(content)
      .render();
    window.postsaleOrgChart = chart;
    card.setAttribute("data-ready", "1");
    card.setAttribute("data-boxes", String(data.boxes.length));
    var found = card.querySelector(".org-found");

    function reset() {
      data.boxes.forEach(function (b) {
        b._expanded = b.kind === "leader"; b._highlighted = false; b._centered = false;
        b._upToTheRootHighlighted = false;
      });
    }
    var timer = null;
    card.querySelector(".org-search").addEventListener("input", function (e) {
      var q = e.target.value.trim().toLowerCase();
      clearTimeout(timer);
      timer = setTimeout(function () {
        reset();
        if (!q) { found.textContent = ""; chart.render().fit(); return; }
        var hits = data.search.filter(function (s) { return s.text.indexOf(q) >= 0; });
        found.textContent = (hits.length === 1 ? W.box_one : W.box_many).replace("{n}", fmt(hits.length));
        card.setAttribute("data-hits", String(hits.length));
        hits.slice(0, BOX_HITS).forEach(function (s) { chart.setHighlighted(s.id); });
        chart.render();
        if (hits.length) { chart.fit(); }
      }, 150);
    });
    card.querySelector(".orgbar").addEventListener("click", function (e) {
      var act = e.target.getAttribute && e.target.getAttribute("data-act");
      if (act === "managers") { reset(); chart.render().fit(); }
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
