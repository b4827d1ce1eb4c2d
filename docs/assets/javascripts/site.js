/* The site's own script, loaded on every page just before Material's.
   One small file, cached after the first page. Without JavaScript every page
   still reads and prints in full; these only add to it. See PERFORMANCE.md. */

/* 1. Search on demand.
   Material downloads its search worker and the whole search index as soon as a
   page opens: more bytes than the page itself, for readers who may never
   search. Here the index request waits until the reader opens search (or
   arrives from a search result, whose words Material highlights), and the
   worker starts only when Material first sends it work, which is that index.
   Material's own code is untouched; search behaves exactly as before. */
(function () {
  var INDEX = /\/search\/search_index\.json$/;
  var WORKER = /\/workers\/search\.[0-9a-f]+\.min\.js$/;
  var release;
  var searchOpened = new Promise(function (resolve) { release = resolve; });

  var params = new URLSearchParams(location.search);
  if (params.has("q") || params.has("h")) release();
  document.addEventListener("focusin", function (event) {
    if (event.target.closest && event.target.closest("[data-md-component=search]")) release();
  });
  document.addEventListener("change", function (event) {
    if (event.target.id === "__search") release();
  });

  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url) {
    this.waitsForSearch = INDEX.test(String(url).split("?")[0]);
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    var request = this, args = arguments;
    if (!request.waitsForSearch) return send.apply(request, args);
    searchOpened.then(function () { send.apply(request, args); });
  };

  var NativeWorker = window.Worker;
  if (!NativeWorker) return;
  window.Worker = function (url, options) {
    if (!WORKER.test(String(url))) return new NativeWorker(url, options);
    var proxy = new EventTarget();
    var worker = null;
    proxy.postMessage = function (message) {
      if (!worker) {
        worker = new NativeWorker(url, options);
        worker.addEventListener("message", function (event) {
          proxy.dispatchEvent(new MessageEvent("message", { data: event.data }));
        });
      }
      worker.postMessage(message);
    };
    proxy.terminate = function () { if (worker) worker.terminate(); };
    return proxy;
  };
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
  // Material's script runs after this one; its document$ exists once the page has loaded.
  // Measuring the tables makes the browser lay out the page, so it waits for a task of
  // its own rather than lengthen the one in which Material sets the page up.
  function later() { setTimeout(update, 0); }
  document.addEventListener("DOMContentLoaded", function () {
    if (typeof document$ !== "undefined") document$.subscribe(later);
    else later();
  });
})();

/* 4. Colours that switch in one step.
   While the reader switches between light and dark colours, the stylesheet
   turns every transition off, so the whole page changes at once. The mark it
   reads is set here, only when the reader picks other colours. (Material sets a
   mark of its own on every page it opens, which made the browser restyle the
   whole page for nothing; see performance/palette_switch.py.) This runs before
   Material's handler, so the mark is in place when Material changes the
   colours, and it is removed once they have changed, as Material removes its own. */
(function () {
  var MARK = "data-palette-switching";
  document.addEventListener("change", function (event) {
    if (event.target.name !== "__palette") return;
    document.body.setAttribute(MARK, "");
    setTimeout(function () { document.body.removeAttribute(MARK); }, 0);
  }, true);
})();

/* 5. One colour-scheme element, not two.
   Every page states its colour schemes in its head (overrides/main.html), and
   site.css keys the root's scheme to the reader's colours. Material's palette
   script adds a second such element as each page opens, then sets it. Browsers
   read only the first, but Chromium restyles the whole page each time one is
   added or changed, whatever its value. So that element is not added: Material
   keeps it and sets it as before, outside the page. Every other element Material
   adds to the head (its theme-color element) is added as usual. */
(function () {
  var head = document.head;
  head.appendChild = function (node) {
    if (node.nodeName === "META" && node.getAttribute("name") === "color-scheme") {
      delete head.appendChild;  // its one use is over: back to the DOM's own method
      return node;
    }
    return Node.prototype.appendChild.call(head, node);
  };
})();
