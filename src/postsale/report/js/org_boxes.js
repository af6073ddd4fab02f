/* The org chart's boxes (d3-org-chart node contents and heights), shared by the HTML report
   (inlined: the page stays one file) and the web app's org chart page (a static file, CSP
   script-src 'self'). Every data string is escaped by esc() before it goes into a box. */
(function () {
  "use strict";
  function esc(v) {
    return String(v).replace(/[&<>"']/g, function (c) {
      return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c];
    });
  }

  /* One chart's box data (report/org_boxes.py) -> what d3-org-chart needs to draw it. */
  window.postsaleBoxes = function (data) {
    var W = data.words, roles = data.colours.roles, shades = data.colours.leaders;
    /* With a team file: the people in the box's seats (at most SHOWN, then a count) and its
       open seats; without: the plan-wide open requisitions of a team's roles. */
    var SHOWN = 6;
    function fmt(n) { return Number(n).toLocaleString(W.locale); }
    function say(template, n) { return esc(template).replace("{n}", fmt(n)); }
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
        say(data.people ? (b.open === 1 ? W.open_one : W.open_many) : W.open_plan, b.open) +
        '</div>';
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
    function nodeHeight(d) {
      var p = d.data.people ? Math.min(d.data.people.length, SHOWN + 1) : 0;
      return (d.data.kind === "team" ? 66 + 16 * Math.min(d.data.lines.length, 5) +
        (d.data.tiers.length ? 16 : 0) : 86) + 16 * p + (d.data.open ? 16 : 0);
    }
    /* Back to the managers' view: leaders open, nothing highlighted. */
    function reset() {
      data.boxes.forEach(function (b) {
        b._expanded = b.kind === "leader"; b._highlighted = false; b._centered = false;
        b._upToTheRootHighlighted = false;
      });
    }
    /* The search's answer: the boxes whose text holds q (lower case), the first `most`
       highlighted; returns how many matched. */
    function search(chart, q, most) {
      reset();
      var hits = data.search.filter(function (s) { return s.text.indexOf(q) >= 0; });
      hits.slice(0, most).forEach(function (s) { chart.setHighlighted(s.id); });
      return hits.length;
    }
    /* The chart in `container`, `height` px tall, laid out and drawn the same way on every page
       (a click on a box opens or closes its team); the caller adds what is its own and renders. */
    function chart(container, height) {
      var made = new d3.OrgChart()
        .container(container)
        .data(data.boxes)
        .svgHeight(height)
        .duration(200)
        .nodeWidth(function () { return 240; })
        .nodeHeight(nodeHeight)
        .childrenMargin(function () { return 46; })
        .compactMarginBetween(function () { return 22; })
        .compactMarginPair(function () { return 50; })
        .onNodeClick(function (node) { made.onButtonClick({stopPropagation: function () {}}, node); })
        .nodeContent(content);
      return made;
    }
    return {fmt: fmt, reset: reset, search: search, chart: chart};
  };
})();
