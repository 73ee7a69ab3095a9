// Keyboard access where Material leaves none.
//
// 1. The navigation drawer, shown instead of the sidebar on phones and on desktops zoomed to
// 200 %: Material opens it with a <label for="__drawer">, which the keyboard cannot reach
// (WCAG 2.1.1) and which may not take the role button (ARIA). overrides/partials/header.html
// adds a real <button> (extra.css shows it instead of the label when this script can run): it
// toggles Material's checkbox, says whether the drawer is open (aria-expanded) and which element
// it opens (aria-controls, the sidebar, given an id here), and moves the focus to the drawer's
// first link when it opens; Escape closes the drawer and gives the focus back to the button.
// The checkbox's change event keeps aria-expanded true however the drawer is opened or closed
// (Material closes it on navigation, the overlay closes it on a tap). extra.css keeps the closed
// drawer's links out of the tab order (they would take the focus off-screen, WCAG 2.4.7).
(function () {
  "use strict";
  var toggle = document.getElementById("__drawer");
  var opener = document.querySelector(".clay-drawer-button");
  var drawer = document.querySelector(".md-sidebar--primary");
  if (!toggle || !opener || !drawer) return;
  if (!drawer.id) drawer.id = "clay-drawer";
  opener.setAttribute("aria-controls", drawer.id);
  function sync() {
    opener.setAttribute("aria-expanded", toggle.checked ? "true" : "false");
  }
  sync();
  toggle.addEventListener("change", sync);
  opener.addEventListener("click", function () {
    toggle.click();  // as Material does: the checkbox fires its change event
    if (toggle.checked) {
      var first = drawer.querySelector("a[href]");
      if (first) first.focus();
    }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && toggle.checked) {
      toggle.click();
      opener.focus();
    }
  });
})();

// 2. Tables wider than the screen scroll sideways in Material's wrapper
// (.md-typeset__scrollwrap), which Material does not make focusable: without a pointer such a
// table could not be scrolled (WCAG 2.1.1; axe rule scrollable-region-focusable). While a
// wrapper overflows, it takes the focus (tabindex="0", the arrow keys then scroll it) and is a
// named region (role="region", aria-label: the table's caption, else the heading the table
// follows, else "Table"), the pattern of Adrian Roselli's "Under-Engineered Responsive Tables";
// extra.css draws its focus indicator inside it. Only while it overflows, decided on purpose:
// a table that fits is read and navigated as a table, and a focus stop or a landmark that
// scrolls nothing would only lengthen the way through the page. A ResizeObserver keeps the
// attributes in step when the window is resized or zoomed, or the phone turned.
(function () {
  "use strict";
  if (!("ResizeObserver" in window)) return;
  // the word "Table" in the page's language, from its catalog (overrides/main.html)
  var script = document.currentScript;
  var word = (script && script.getAttribute("data-table-label")) || "";

  function name(wrap) {
    var caption = wrap.querySelector("caption");
    var text = caption ? caption.textContent : "";
    for (var el = wrap; !text && el && !el.matches(".md-content"); el = el.parentElement) {
      for (var prev = el.previousElementSibling; prev; prev = prev.previousElementSibling) {
        if (/^H[1-6]$/.test(prev.tagName)) {
          var heading = prev.cloneNode(true);
          heading.querySelectorAll(".headerlink").forEach(function (a) { a.remove(); });
          text = heading.textContent;
          break;
        }
      }
    }
    text = (text || "").replace(/\s+/g, " ").trim();
    return text && word ? word + ": " + text : text || word;
  }

  var observer = new ResizeObserver(function (entries) {
    entries.forEach(function (entry) {
      var wrap = entry.target;
      if (wrap.scrollWidth > wrap.clientWidth) {
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", name(wrap));
      } else {
        wrap.removeAttribute("tabindex");
        wrap.removeAttribute("role");
        wrap.removeAttribute("aria-label");
      }
    });
  });
  function watch() {  // Material wraps the tables once its components are mounted
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (wrap) {
      observer.observe(wrap);
    });
  }
  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(function () { window.requestAnimationFrame(watch); });
  } else {
    window.addEventListener("load", watch);
  }
})();
