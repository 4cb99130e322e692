/* Full-text search of the editions, in the browser, offline: search-index.js (made with the
   site) sets window.teitoolsSearch to [{d: edition, u: address, p: place, t: text}, ...].
   Every word asked for must occur; passages with the words together come first. */
(function () {
  "use strict";

  var INDEX = window.teitoolsSearch || [];
  var MAX = 200;
  var label = window.teitools.label; /* from edition.js, loaded before this */
  var form = document.querySelector(".search-form");
  var input = document.getElementById("q");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  if (!form || !input || !list) { return; }

  /* Folded text, one character for one, so that places found in it are places in the text:
     lower case, accents off, curly quotes and dashes plain. */
  function fold(s) {
    var out = "";
    for (var i = 0; i < s.length; i++) {
      var c = s[i].normalize("NFD")[0].toLowerCase()[0];
      if (c === "\u2019" || c === "\u2018") { c = "'"; }
      else if (c === "\u201c" || c === "\u201d") { c = '"'; }
      else if (c >= "\u2010" && c <= "\u2015") { c = "-"; }
      out += c;
    }
    return out;
  }

  var folded = null;

  function terms(q) {
    return fold(q).split(/[\s"]+/).filter(function (w) { return w.length > 0; });
  }

  function search(q) {
    var ws = terms(q);
    if (!ws.length) { return []; }
    if (!folded) { folded = INDEX.map(function (e) { return fold(e.t); }); }
    var phrase = ws.join(" ");
    var hits = [];
    for (var i = 0; i < INDEX.length; i++) {
      var text = folded[i];
      var score = 0;
      var all = ws.every(function (w) {
        var k = text.indexOf(w);
        if (k < 0) { return false; }
        score += 1 + (text.split(w).length - 2) * 0.1;
        return true;
      });
      if (all) {
        if (ws.length > 1 && text.indexOf(phrase) >= 0) { score += 10; }
        hits.push({ i: i, score: score });
      }
    }
    hits.sort(function (a, b) { return b.score - a.score || a.i - b.i; });
    return hits;
  }

  /* A piece of the passage around the first word found, the words found marked. */
  function snippet(entry, text, ws) {
    var first = text.indexOf(ws[0]);
    var start = Math.max(0, first - 90);
    var end = Math.min(entry.t.length, first + 200);
    if (start > 0) { start = entry.t.indexOf(" ", start) + 1; }
    var p = document.createElement("p");
    p.className = "snippet";
    var piece = text.slice(start, end);
    var k = start;
    var re = new RegExp(ws.map(function (w) { return w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); })
      .join("|"), "g");
    var m;
    if (start > 0) { p.appendChild(document.createTextNode("\u2026 ")); }
    while ((m = re.exec(piece)) !== null) {
      if (m[0].length === 0) { re.lastIndex++; continue; }
      p.appendChild(document.createTextNode(entry.t.slice(k, start + m.index)));
      var mark = document.createElement("mark");
      mark.textContent = entry.t.slice(start + m.index, start + m.index + m[0].length);
      p.appendChild(mark);
      k = start + m.index + m[0].length;
    }
    p.appendChild(document.createTextNode(entry.t.slice(k, end) + (end < entry.t.length ? " \u2026" : "")));
    return p;
  }

  function show(q) {
    list.replaceChildren();
    var ws = terms(q);
    if (!ws.length) { status.textContent = ""; return; }
    var hits = search(q);
    status.textContent = hits.length
      ? label("search.results", hits.length, q) + (hits.length > MAX ? " " + label("search.more", MAX) : "")
      : label("search.none", q);
    hits.slice(0, MAX).forEach(function (h) {
      var e = INDEX[h.i];
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = e.u;
      a.textContent = e.d + " ";
      var place = document.createElement("span");
      place.className = "result-place";
      place.textContent = e.p;
      a.appendChild(place);
      li.appendChild(a);
      li.appendChild(snippet(e, folded[h.i], ws));
      list.appendChild(li);
    });
  }

  function fromAddress() {
    var q = new URLSearchParams(location.search).get("q") || "";
    input.value = q;
    show(q);
  }

  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { show(input.value); }, 150);
  });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    show(input.value);
    try {
      history.replaceState(null, "", "?q=" + encodeURIComponent(input.value));
    } catch (err) { /* some browsers refuse this on file: URLs */ }
  });
  fromAddress();
}());
