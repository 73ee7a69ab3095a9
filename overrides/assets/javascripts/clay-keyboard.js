// Keyboard access where Material leaves none.
//
// 1. The navigation drawer, shown instead of the sidebar on phones and on desktops zoomed to
// 200 %: Material opens it with a <label for="__drawer">, which the keyboard
// cannot reach (WCAG 2.1.1). The label becomes a button that Enter and Space open and close;
// Escape closes the drawer and gives the focus back to the button. extra.css keeps the closed
// drawer's links out of the tab order (they would take the focus off-screen, WCAG 2.4.7).
(function () {
  "use strict";
  var toggle = document.getElementById("__drawer");
  var opener = document.querySelector('label.md-header__button[for="__drawer"]');
  if (!toggle || !opener) return;
  var nav = document.querySelector(".md-nav--primary");
  opener.setAttribute("role", "button");
  opener.setAttribute("tabindex", "0");
  if (!opener.getAttribute("aria-label") && nav && nav.getAttribute("aria-label")) {
    opener.setAttribute("aria-label", nav.getAttribute("aria-label"));
  }
  function sync() {
    opener.setAttribute("aria-expanded", toggle.checked ? "true" : "false");
  }
  function set(open) {
    toggle.checked = open;
    toggle.dispatchEvent(new Event("change"));
    sync();
  }
  sync();
  toggle.addEventListener("change", sync);
  opener.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" && event.key !== " ") return;
    event.preventDefault();
    set(!toggle.checked);
    if (toggle.checked) {
      var first = document.querySelector(".md-sidebar--primary a[href]");
      if (first) first.focus();
    }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && toggle.checked) {
      set(false);
      opener.focus();
    }
  });
})();

// 2. Tables wider than the screen scroll sideways in Material's wrapper, which Material makes
// focusable (so that arrow keys scroll it) only on devices with hover: on a phone or tablet with
// a keyboard the table could not be scrolled (WCAG 2.1.1). There the table itself takes the focus
// while it overflows, and the arrow keys scroll its wrapper.
(function () {
  "use strict";
  if (window.matchMedia("(hover)").matches || !("ResizeObserver" in window)) return;
  var observer = new ResizeObserver(function (entries) {
    entries.forEach(function (entry) {
      var wrap = entry.target;
      var table = wrap.querySelector(".md-typeset__table");
      if (!table) return;
      if (wrap.scrollWidth > wrap.clientWidth) {
        table.setAttribute("tabindex", "0");
      } else {
        table.removeAttribute("tabindex");
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
