/* The site's own script, loaded on every page after Material's (extra_javascript).
   One small file, cached after the first page. Without JavaScript every page
   still reads and prints in full; these only add to it. See PERFORMANCE.md. */

/* 1. Search (Pagefind: macros/search_index.py).
   Only the search page loads it, and only there does any of the index come
   down, a few small pieces as the reader types. The words a reader types are
   first made into the words the pages use (data/search.yml: "baclofin" is
   "baclofen", "maximum" is "highest"), and the small words of a question are
   left out. A page opened from a result marks the words searched for. */
(function () {
  var here = document.currentScript && document.currentScript.src;
  if (!here) return;
  var bundle = new URL("../../pagefind/", here).href;  // this file is in assets/javascripts/

  function load(src, done) {
    var script = document.createElement("script");
    script.src = src;
    script.onload = done;
    document.head.appendChild(script);
  }

  function forgiving(words) {
    return function (query) {
      // Phones type curly apostrophes; "what's" is "what", as the word lists have it.
      query = query.toLowerCase().replace(/[\u2018\u2019]/g, "'").replace(/'s\b/g, "");
      return query.split(/[^a-z0-9.'-]+/).filter(function (word) {
        return word && words.ignore.indexOf(word) < 0;
      }).map(function (word) {
        return Object.prototype.hasOwnProperty.call(words.replace, word) ? words.replace[word] : word;
      }).join(" ");
    };
  }

  var box = document.getElementById("site-search");
  if (box) {
    var style = document.createElement("link");
    style.rel = "stylesheet";
    style.href = bundle + "pagefind-ui.css";
    document.head.appendChild(style);
    load(bundle + "pagefind-ui.js", function () {
      var ui = new PagefindUI({
        element: "#site-search",
        bundlePath: bundle,
        showSubResults: true,
        showImages: false,
        autofocus: true,
        highlightParam: "highlight",
        processTerm: forgiving(JSON.parse(box.getAttribute("data-words"))),
        translations: { placeholder: "Search this site" }
      });
      // The box is named by the words above it (search_box in macros/jinja_macros.py),
      // which readers can see; Pagefind's own name for it is only a tooltip.
      var input = box.querySelector("input");
      if (input) input.setAttribute("aria-labelledby", "site-search-label");
      // Screen readers hear how many results came (Pagefind's own line is not announced).
      var status = document.getElementById("site-search-status"), said, timer;
      new MutationObserver(function () {
        clearTimeout(timer);
        timer = setTimeout(function () {
          var line = box.querySelector(".pagefind-ui__message");
          var text = line ? line.textContent.trim() : "";
          if (status && text !== said) status.textContent = said = text;
        }, 500);
      }).observe(box, { childList: true, subtree: true, characterData: true });
      var asked = new URLSearchParams(location.search).get("q");
      if (asked) ui.triggerSearch(asked);
    });
  }

  if (new URLSearchParams(location.search).has("highlight")) {
    import(bundle + "pagefind-highlight.js").then(function () {
      new PagefindHighlight({ highlightParam: "highlight", markContext: "article" });
    });
  }
})();

/* 2. The "overdue for review" banner.
   A published page can go out of date after its build: the build fails on an
   overdue page, but a page already online shows this warning once today's
   date passes its next review date. */
(function () {
  var banner = document.getElementById("review-overdue");
  if (!banner) return;
  var now = new Date();
  var today = now.getFullYear() + "-" + ("0" + (now.getMonth() + 1)).slice(-2) + "-" + ("0" + now.getDate()).slice(-2);
  if (today > banner.getAttribute("data-next-review")) banner.hidden = false;
})();

/* 3. Tables that scroll sideways.
   On a phone a wide table scrolls inside its box. A box that scrolls must be
   reachable by keyboard, so it gets focus, a role and a name, but only while
   it actually overflows (no extra Tab stops on a wide screen). The diary table
   gets the same box Material gives Markdown tables. Runs after Material has
   wrapped its tables, on every page Material shows. */
(function () {
  function wrapDiaries() {
    document.querySelectorAll(".md-typeset table.diary").forEach(function (table) {
      if (table.parentElement.classList.contains("scroll-region")) return;
      var box = document.createElement("div");
      box.className = "scroll-region";
      table.parentNode.insertBefore(box, table);
      box.appendChild(table);
    });
  }
  function nameFor(box, used) {
    var caption = box.querySelector("caption"), heading = null, node = box;
    while (!caption && node && !heading) {
      node = node.previousElementSibling || node.parentElement;
      if (node && /^H[2-6]$/.test(node.tagName)) heading = node;
    }
    var base = caption ? caption.textContent : heading ? "Table: " + heading.textContent : "Table";
    base = base.replace(/[\s\u00b6]+$/, "").replace(/\s+/g, " ").trim();
    var name = base, n = 2;
    while (used[name]) name = base + " (" + n++ + ")";
    used[name] = true;
    return name;
  }
  function update() {
    wrapDiaries();
    var used = {};
    document.querySelectorAll(".md-typeset__scrollwrap, .scroll-region").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth + 1) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", nameFor(box, used) + ", scrolls sideways");
      } else {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
      }
    });
  }
  var timer;
  window.addEventListener("resize", function () {
    clearTimeout(timer);
    timer = setTimeout(update, 150);
  });
  // Material's script runs before this one (extra_javascript); its document$ exists once the page has loaded.
  // Measuring the tables makes the browser lay out the page, so it waits for a task of
  // its own rather than lengthen the one in which Material sets the page up.
  function later() { setTimeout(update, 0); }
  document.addEventListener("DOMContentLoaded", function () {
    if (typeof document$ !== "undefined") document$.subscribe(later);
    else later();
  });
})();

/* 4. The date a page is printed.
   A printout says when it was printed, so whoever reads it later can tell how
   old it is (site.js runs only on screen, so without JavaScript it keeps the
   review date alone). Filled in just before the browser prints. */
(function () {
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July",
                "August", "September", "October", "November", "December"];
  window.addEventListener("beforeprint", function () {
    var now = new Date();
    var text = "Printed on " + now.getDate() + " " + MONTHS[now.getMonth()] + " " + now.getFullYear() + ".";
    document.querySelectorAll(".printed-on").forEach(function (span) { span.textContent = text; });
  });
})();
