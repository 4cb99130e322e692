/* Full-text search of the editions, in the browser, offline. search-index.js (made with the
   site) says how the index is split (teitools.render.search): the words, by their first two
   letters, in search/w-KEY.js, each with the passages it occurs in, edition by edition; each
   edition's passages ({d: edition, u: address, p: place, t: text}) in pieces of `chunk` in
   search/p-STEM-K.js. Here the passages are numbered through the site, edition after edition
   (HEAD.editions: each edition's name and number of passages). A query loads the pieces of
   its words, then those of the passages it shows: never the whole index.
   Every word asked for must begin a word of the passage; passages with the words together
   come first. The pieces are scripts, so that the search works from the file system too. */
(function () {
  "use strict";

  var HEAD = window.teitoolsSearch || { count: 0, chunk: 500, words: [], editions: [] };
  var MAX = 200;
  var SCORED = 1000; /* passages ranked in full; beyond them, the order of the text */
  var label = window.teitools.label; /* from edition.js, loaded before this */
  var form = document.querySelector(".search-form");
  var input = document.getElementById("q");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  if (!form || !input || !list) { return; }

  var me = document.querySelector("script[src$='search.js']");
  var BASE = new URL("search/", me ? me.src : location.href);
  var WORDS = {};
  var PASSAGES = [];
  var OFFSET = []; /* the number of each edition's first passage */
  var EDITION = {}; /* each edition's place, by its name */
  HEAD.editions.reduce(function (n, e, i) {
    OFFSET.push(n);
    EDITION[e[0]] = i;
    return n + e[1];
  }, 0);
  /* A word piece: for each edition, its words and their passages in it. */
  window.teitoolsSearchWords = function (key, editions) {
    var table = {};
    editions.forEach(function (part) {
      var offset = OFFSET[part[0]];
      Object.keys(part[1]).forEach(function (w) {
        var ns = table[w] || (table[w] = []);
        part[1][w].forEach(function (n) { ns.push(offset + n); });
      });
    });
    WORDS[key] = table;
  };
  window.teitoolsSearchPassages = function (stem, k, piece) {
    var first = OFFSET[EDITION[stem]] + k * HEAD.chunk;
    piece.forEach(function (e, i) { PASSAGES[first + i] = e; });
  };
  /* The piece that holds passage n: its edition (the last that starts at or before n), and
     the place of n in it. */
  function pieceOf(n) {
    var lo = 0;
    var hi = OFFSET.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (OFFSET[mid] <= n) { lo = mid; } else { hi = mid - 1; }
    }
    var stem = HEAD.editions[lo][0];
    return "p-" + encodeURIComponent(stem) + "-" + Math.floor((n - OFFSET[lo]) / HEAD.chunk) + ".js";
  }
  var loading = {};
  function load(name) {
    if (!loading[name]) {
      loading[name] = new Promise(function (resolve) {
        var s = document.createElement("script");
        s.src = new URL(name, BASE).href;
        s.onload = resolve;
        s.onerror = resolve; /* a piece that is not there holds nothing */
        document.head.appendChild(s);
      });
    }
    return loading[name];
  }

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

  function terms(q) {
    return fold(q).match(/[\p{L}\p{N}]+/gu) || [];
  }

  /* The piece a word is in: its first two characters (as teitools.render.search.key). */
  function keyOf(w) {
    var out = "";
    var chars = Array.from(w).slice(0, 2);
    for (var i = 0; i < chars.length; i++) {
      out += /[a-z0-9]/.test(chars[i]) ? chars[i] : "u" + chars[i].codePointAt(0).toString(16);
    }
    return out;
  }

  /* The passages a term begins a word of. The words of its first two letters are in one
     piece, KEY; or, where there are too many, in pieces by their third letter, KEY-C (KEY-
     for the words of two letters): a longer term is in KEY or KEY-C, a term of two letters
     in KEY or any KEY-…, a term of one in any piece that begins as it does. */
  function passagesOf(term) {
    var key = keyOf(term);
    var chars = Array.from(term);
    var third = key + "-" + keyOf(chars.slice(2, 3).join(""));
    var keys = HEAD.words.filter(function (k) {
      if (chars.length >= 3) { return k === key || k === third; }
      if (chars.length === 2) { return k === key || k.indexOf(key + "-") === 0; }
      return k.indexOf(key) === 0;
    });
    return Promise.all(keys.map(function (k) { return load("w-" + k + ".js"); }))
      .then(function () {
        var found = new Set();
        keys.forEach(function (k) {
          var table = WORDS[k] || {};
          Object.keys(table).forEach(function (w) {
            if (w.indexOf(term) === 0) { table[w].forEach(function (n) { found.add(n); }); }
          });
        });
        return found;
      });
  }

  function loadPassages(ns) {
    var pieces = new Set(ns.map(pieceOf));
    return Promise.all(Array.from(pieces).map(load));
  }

  /* The passages with every term, best first, with their folded text. */
  function search(ws) {
    return Promise.all(ws.map(passagesOf)).then(function (sets) {
      var hits = Array.from(sets[0]).filter(function (n) {
        return sets.every(function (s) { return s.has(n); });
      }).sort(function (a, b) { return a - b; });
      var ranked = hits.slice(0, SCORED);
      return loadPassages(ranked).then(function () {
        var phrase = ws.join(" ");
        var scored = ranked.map(function (n) {
          var text = fold(PASSAGES[n].t);
          var score = 0;
          ws.forEach(function (w) { score += 1 + (text.split(w).length - 2) * 0.1; });
          if (ws.length > 1 && text.indexOf(phrase) >= 0) { score += 10; }
          return { i: n, score: score, text: text };
        });
        scored.sort(function (a, b) { return b.score - a.score || a.i - b.i; });
        return { count: hits.length, hits: scored };
      });
    });
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

  var asked = 0;
  function show(q) {
    var ws = terms(q);
    var mine = ++asked;
    if (!ws.length) { list.replaceChildren(); status.textContent = ""; return; }
    search(ws).then(function (found) {
      if (mine !== asked) { return; } /* a later query has been asked meanwhile */
      list.replaceChildren();
      var n = found.count;
      status.textContent = n
        ? label(n === 1 ? "search.result" : "search.results", n, q) +
          (n > MAX ? " " + label("search.more", MAX) : "")
        : label("search.none", q);
      found.hits.slice(0, MAX).forEach(function (h) {
        var e = PASSAGES[h.i];
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = e.u;
        a.textContent = e.d + " ";
        var place = document.createElement("span");
        place.className = "result-place";
        place.textContent = e.p;
        a.appendChild(place);
        li.appendChild(a);
        li.appendChild(snippet(e, h.text, ws));
        list.appendChild(li);
      });
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
