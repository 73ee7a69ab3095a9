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
