// Keyboard access to Material's navigation drawer, shown instead of the sidebar on phones and on
// desktops zoomed to 200 %: Material opens it with a <label for="__drawer">, which the keyboard
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
