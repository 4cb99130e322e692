/* The edition's page, made better where JavaScript runs (everything is there without it):
   apparatus markers, note calls and paragraph numbers become buttons that open a popover
   (the entry, the note, a citation); the witness switcher keeps the reader's place; the
   facing commentary collapses on narrow screens and can be hidden. No network, no library. */
(function () {
  "use strict";

  var labelsEl = document.getElementById("teitools-labels");
  var LABELS = labelsEl ? JSON.parse(labelsEl.textContent) : {};
  var NARROW = window.matchMedia("(max-width: 40rem)");
  var STACKED = window.matchMedia("(max-width: 68rem)");

  /* The words of the labels table (xslt/common/labels.xml), {1}, {2}… filled in. */
  function label(key) {
    var text = LABELS[key] || key;
    for (var i = 1; i < arguments.length; i++) {
      text = text.split("{" + i + "}").join(String(arguments[i]));
    }
    return text;
  }
  window.teitools = { label: label };

  /* ---- one popover for the page: a non-modal dialog beside its trigger ---- */

  var pop = null;
  var popTitle = null;
  var popBody = null;
  var trigger = null;

  function makePopover() {
    pop = document.createElement("div");
    pop.className = "popover";
    pop.id = "popover";
    pop.hidden = true;
    pop.tabIndex = -1;
    pop.setAttribute("role", "dialog");
    pop.setAttribute("aria-modal", "false");
    pop.setAttribute("aria-labelledby", "popover-title");
    var head = document.createElement("div");
    head.className = "popover-head";
    popTitle = document.createElement("p");
    popTitle.className = "popover-title";
    popTitle.id = "popover-title";
    var close = document.createElement("button");
    close.type = "button";
    close.className = "popover-close";
    close.setAttribute("aria-label", label("close"));
    close.textContent = "\u00d7";
    close.addEventListener("click", function () { closePopover(true); });
    head.appendChild(popTitle);
    head.appendChild(close);
    popBody = document.createElement("div");
    popBody.className = "popover-body";
    pop.appendChild(head);
    pop.appendChild(popBody);
    document.body.appendChild(pop);
    pop.addEventListener("keydown", function (e) {
      if (e.key === "Escape") { e.preventDefault(); closePopover(true); }
    });
    pop.addEventListener("focusout", function (e) {
      var to = e.relatedTarget;
      if (to && !pop.contains(to) && to !== trigger) { closePopover(false); }
    });
  }

  function openPopover(button, title, nodes) {
    if (trigger === button) { closePopover(true); return; }
    closePopover(false);
    if (!pop) { makePopover(); }
    popTitle.textContent = title;
    popBody.replaceChildren.apply(popBody, nodes);
    pop.hidden = false;
    trigger = button;
    button.setAttribute("aria-expanded", "true");
    place(button);
    pop.focus({ preventScroll: true });
  }

  function closePopover(refocus) {
    if (!pop || pop.hidden) { return; }
    pop.hidden = true;
    var was = trigger;
    trigger = null;
    if (was) {
      was.setAttribute("aria-expanded", "false");
      if (refocus) { was.focus(); }
    }
  }

  function place(button) {
    if (NARROW.matches) { pop.style.left = ""; pop.style.top = ""; return; }
    var r = button.getBoundingClientRect();
    var w = pop.offsetWidth;
    var h = pop.offsetHeight;
    var left = Math.min(Math.max(8, r.left - 24), document.documentElement.clientWidth - w - 8);
    var below = r.bottom + 8;
    var top = below + h > window.innerHeight && r.top - h - 8 > 0 ? r.top - h - 8 : below;
    pop.style.left = left + window.scrollX + "px";
    pop.style.top = top + window.scrollY + "px";
  }

  document.addEventListener("click", function (e) {
    if (pop && !pop.hidden && !pop.contains(e.target) && !(trigger && trigger.contains(e.target))) {
      closePopover(false);
    }
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && pop && !pop.hidden) { closePopover(true); }
  });
  window.addEventListener("resize", function () { if (trigger) { place(trigger); } });

  /* A link made a button that opens the popover (its href stays as data-target). */
  function buttonFor(link, ariaLabel) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = link.className;
    if (link.id) { b.id = link.id; }
    b.dataset.target = link.getAttribute("href").slice(1);
    b.setAttribute("aria-expanded", "false");
    b.setAttribute("aria-haspopup", "dialog");
    b.setAttribute("aria-controls", "popover");
    b.setAttribute("aria-label", ariaLabel || link.getAttribute("aria-label") || link.textContent);
    while (link.firstChild) { b.appendChild(link.firstChild); }
    link.replaceWith(b);
    return b;
  }

  /* Copies of an element's children, without their ids (the original stays in the page). */
  function copyOf(el, skip) {
    var out = [];
    Array.prototype.forEach.call(el.children, function (child) {
      if (skip && child.matches(skip)) { return; }
      var c = child.cloneNode(true);
      c.removeAttribute("id");
      c.querySelectorAll("[id]").forEach(function (x) { x.removeAttribute("id"); });
      out.push(c);
    });
    return out;
  }

  /* ---- apparatus entries and notes ---- */

  document.querySelectorAll("a.app-ref").forEach(function (a) {
    var b = buttonFor(a);
    b.addEventListener("click", function () {
      var entry = document.getElementById(b.dataset.target);
      if (!entry) { return; }
      var n = entry.querySelector(".entry-n");
      openPopover(b, label("apparatus.entry", n ? n.textContent : ""), copyOf(entry));
    });
  });

  document.querySelectorAll("a.note-ref").forEach(function (a) {
    var b = buttonFor(a);
    b.addEventListener("click", function () {
      var note = document.getElementById(b.dataset.target);
      if (!note) { return; }
      var mark = note.querySelector(".note-mark");
      openPopover(b, label("note", mark ? mark.textContent : ""), copyOf(note.querySelector(".note-body")));
    });
  });

  /* ---- cite this passage ---- */

  /* The citation of a passage: the unit it is cited by says its own place (data-cite: "l. 5",
     "speech 2"; a paragraph only its number); the nearest title is its document's (in a
     corpus, each document's own). */
  function citation(p) {
    var text = document.getElementById("text");
    var d = text ? text.dataset : {};
    var titled = p.closest("[data-cite-title]");
    var base = d.citeBase ? d.citeBase.replace(/\/?$/, "/") + location.pathname.split("/").pop()
      : location.href.split("#")[0];
    var parts = [d.citeAuthor, titled ? titled.dataset.citeTitle : d.citeTitle];
    if (d.citeWitness) { parts.push(label("cite.witness", d.citeWitness)); }
    if (d.citeEdition) { parts.push(label("cite.edition", d.citeEdition)); }
    var place = p.dataset.cite || label("paragraph", p.dataset.n);
    parts.push(p.dataset.page ? label("page", p.dataset.page) + ", " + place : place);
    var today = new Date().toISOString().slice(0, 10);
    return parts.filter(Boolean).join(", ") + ". " + base + "#" + p.id +
      " (" + label("cite.accessed", today) + ").";
  }

  function copyText(text, button) {
    function done() { button.textContent = label("cite.copied"); }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, function () {});
    } else {
      var t = document.createElement("textarea");
      t.value = text;
      document.body.appendChild(t);
      t.select();
      try { document.execCommand("copy"); done(); } catch (err) { /* the text is selectable */ }
      t.remove();
    }
  }

  document.querySelectorAll("a.para-n").forEach(function (a) {
    var p = a.parentElement;
    var b = buttonFor(a, a.getAttribute("aria-label"));
    b.addEventListener("click", function () {
      if (history.replaceState) {
        try { history.replaceState(null, "", "#" + p.id); } catch (err) { /* file: URLs */ }
      }
      var cite = document.createElement("p");
      cite.className = "citation";
      cite.textContent = citation(p);
      var copy = document.createElement("button");
      copy.type = "button";
      copy.textContent = label("cite.copy");
      copy.addEventListener("click", function () { copyText(cite.textContent, copy); });
      openPopover(b, label("cite"), [cite, copy]);
    });
  });

  /* ---- the witness switcher keeps the place: the first cited passage in view ---- */

  function placeInView() {
    var ps = document.querySelectorAll(".text .p[id], .text .cited[id]");
    for (var i = 0; i < ps.length; i++) {
      var r = ps[i].getBoundingClientRect();
      if (r.bottom > 0 && r.top < window.innerHeight) { return ps[i].id; }
    }
    return "";
  }

  document.querySelectorAll(".witness-switch a, .compare-links a").forEach(function (a) {
    a.addEventListener("click", function () {
      var id = placeInView();
      if (id && window.scrollY > 0) { a.href = a.href.split("#")[0] + "#" + id; }
    });
  });

  /* ---- the facing commentary: shown or hidden (remembered), collapsed when stacked ---- */

  var toggle = document.getElementById("show-facing");
  function remember(key, value) {
    try { localStorage.setItem(key, value); } catch (err) { /* storage off */ }
  }
  if (toggle) {
    try {
      if (localStorage.getItem("teitools.show-facing") === "no") { toggle.checked = false; }
    } catch (err) { /* storage off */ }
    toggle.addEventListener("change", function () {
      remember("teitools.show-facing", toggle.checked ? "yes" : "no");
    });
  }
  if (STACKED.matches) {
    document.querySelectorAll("details.facing-page").forEach(function (d) { d.open = false; });
  }
  if (NARROW.matches) {
    document.querySelectorAll(".toc details").forEach(function (d) { d.open = false; });
  }

  /* A link to a place inside a closed facing page opens it. */
  function openTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    var el = id && document.getElementById(id);
    var d = el && el.closest("details");
    if (d && !d.open) { d.open = true; el.scrollIntoView(); }
  }
  window.addEventListener("hashchange", openTarget);
  openTarget();

  /* ---- print: everything open ---- */

  var closed = [];
  window.addEventListener("beforeprint", function () {
    closed = Array.prototype.filter.call(document.querySelectorAll("details"), function (d) {
      return !d.open;
    });
    closed.forEach(function (d) { d.open = true; });
  });
  window.addEventListener("afterprint", function () {
    closed.forEach(function (d) { d.open = false; });
  });

  /* ---- the compare page: any two witnesses, picked above their columns ---- */

  var compare = document.querySelector(".compare[data-witnesses]");
  if (compare) {
    var sigla = compare.getAttribute("data-witnesses").split(" ");
    var heads = compare.querySelectorAll(".compare-head > .col");
    var rows = compare.querySelectorAll(".compare-row:not(.compare-head):not(.page-row)");

    /* One column (0 or 1) shows witness `siglum`: in each entry its reading, the text it
       lacks (a lacuna, outside its fragment) hidden. */
    var show = function (column, siglum) {
      var at = sigla.indexOf(siglum);
      rows.forEach(function (row) {
        var col = row.children[column];
        if (!col) { return; }
        col.setAttribute("data-witness", siglum);
        col.querySelectorAll(".app[data-w]").forEach(function (app) {
          var want = app.getAttribute("data-w").split(" ")[at];
          Array.prototype.forEach.call(app.children, function (r) {
            if (r.hasAttribute("data-reading")) {
              r.hidden = r.getAttribute("data-reading") !== want;
            }
          });
        });
        col.querySelectorAll("[data-absent]").forEach(function (t) {
          t.hidden = t.getAttribute("data-absent").split(" ").indexOf(siglum) >= 0;
        });
      });
      var head = heads[column];
      head.querySelector(".siglum").textContent = siglum;
      var option = head.querySelector("option[value='" + siglum + "']");
      head.querySelector(".witness-name").textContent =
        option ? option.textContent.replace(/^[^:]*:\s*/, "") : "";
    };

    /* Where the two columns' readings differ: their words marked, the row flagged. */
    var mark = function () {
      rows.forEach(function (row) {
        if (row.children.length < 2) { return; }
        var a = row.children[0].querySelectorAll(".app[data-w]");
        var b = row.children[1].querySelectorAll(".app[data-w]");
        var differs = false;
        for (var i = 0; i < a.length && i < b.length; i++) {
          var ra = a[i].querySelector(":scope > [data-reading]:not([hidden])");
          var rb = b[i].querySelector(":scope > [data-reading]:not([hidden])");
          var ta = ra ? ra.textContent.replace(/\s+/g, " ").trim() : "";
          var tb = rb ? rb.textContent.replace(/\s+/g, " ").trim() : "";
          a[i].querySelectorAll(":scope > [data-reading]").forEach(function (r) {
            r.classList.toggle("diff", r === ra && ta !== tb);
          });
          b[i].querySelectorAll(":scope > [data-reading]").forEach(function (r) {
            r.classList.toggle("diff", r === rb && ta !== tb);
          });
          differs = differs || ta !== tb;
        }
        row.classList.toggle("differs", differs);
      });
    };

    var picks = compare.querySelectorAll(".compare-pick");
    var choose = function () {
      show(0, picks[0].value);
      show(1, picks[1].value);
      mark();
      var url = new URL(window.location.href);
      url.searchParams.set("a", picks[0].value);
      url.searchParams.set("b", picks[1].value);
      history.replaceState(null, "", url);
    };
    var asked = new URL(window.location.href).searchParams;
    picks.forEach(function (pick, column) {
      pick.hidden = false;
      heads[column].querySelector(".siglum").hidden = true;
      heads[column].querySelector(".witness-name").hidden = true;
      var want = asked.get(column === 0 ? "a" : "b");
      if (want && sigla.indexOf(want) >= 0) { pick.value = want; }
      pick.addEventListener("change", choose);
    });
    if (asked.get("a") || asked.get("b")) { choose(); }
  }
}());
