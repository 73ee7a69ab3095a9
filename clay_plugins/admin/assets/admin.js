// The site's own styles in the editor's preview pane (clay_plugins/admin/plugin.py writes the
// list: the theme's and the site's stylesheets, with `.md-typeset` rules applying to the pane).
(() => {
  const script = document.currentScript;
  const styles = JSON.parse(script.dataset.previewStyles || "[]");
  for (const style of styles) {
    window.CMS.registerPreviewStyle(new URL(style, script.src).href);
  }
})();
