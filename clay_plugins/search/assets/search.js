/* clay-search: the header search box, backed by Pagefind (the site's own files only).
 *
 * Pagefind is imported the first time a reader opens the search, from this site's /pagefind/
 * folder; it picks the index of the page's <html lang> and fetches only the index chunks the
 * query needs. Results of the page's language come first; pages indexed in this language's
 * index but written in another (untranslated Romanian pages under /en/, filter "text") follow,
 * marked with their language. Texts come from data-strings, in the page's language.
 */
(function () {
  "use strict";

  // The 404 page's forms hand the words to a home page's search (`?q=`). The site's
  // Content-Security-Policy has `form-action 'none'`, so the browser submits no form: the
  // words are carried by navigation instead (the browser has already checked `required`).
  Array.prototype.forEach.call(document.querySelectorAll("form.clay-404__search"), function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var target = new URL(form.action);
      target.search = new URLSearchParams(new FormData(form)).toString();
      window.location.assign(target.href);
    });
  });

  var root = document.querySelector("[data-clay-search]");
  if (!root || !("noModule" in HTMLScriptElement.prototype)) {
    return; // no dynamic import(): the button stays hidden
  }

  var t = JSON.parse(root.getAttribute("data-strings"));
  var lang = root.getAttribute("data-lang") || document.documentElement.lang;
  // languages of the texts in this index, the page's own first (set by the build)
  var textLangs = (root.getAttribute("data-text-langs") || lang).split(" ");
  var bundleUrl = new URL(root.getAttribute("data-bundle"), document.baseURI).href;
  var siteRoot = new URL(root.getAttribute("data-root"), document.baseURI).pathname;
  var toggle = root.querySelector(".clay-search__toggle");
  var panel = root.querySelector(".clay-search__panel");
  var form = root.querySelector(".clay-search__form");
  var input = root.querySelector(".clay-search__input");
  var closeButton = root.querySelector(".clay-search__close");
  var status = root.querySelector(".clay-search__status");
  var list = root.querySelector(".clay-search__results");
  var more = root.querySelector(".clay-search__more");
  var plural = new Intl.PluralRules(lang);
  var FIRST = 4; // a phone shows about three results: fetch few page fragments at first
  var MORE = 10;
  var TYPED = 3; // search as one types from 3 letters; shorter words on Enter

  var pagefind = null; // promise of the Pagefind module, set up once
  var generation = 0; // the latest query; older answers are dropped
  var pending = []; // results not shown yet: {result, textLang}
  var timer = null;

  function load() {
    if (!pagefind) {
      pagefind = import(bundleUrl + "pagefind.js").then(function (module) {
        // noWorker: the worker script would add 41 KB to the first search for no gain here
        return module.options({ baseUrl: siteRoot, noWorker: true, excerptLength: 24 })
          .then(function () { return module.init(); })
          .then(function () { return module; });
      });
      pagefind.catch(function () { pagefind = null; });
    }
    return pagefind;
  }

  function format(template, n, q) {
    return template.replace("{n}", String(n)).replace("{q}", q);
  }

  function say(text) {
    status.textContent = text;
  }

  function open(focus) {
    toggle.setAttribute("aria-expanded", "true");
    panel.hidden = false;
    root.classList.add("clay-search--open");
    load().catch(function () { say(t.failed); });
    if (focus) {
      input.focus();
    }
  }

  function close(returnFocus) {
    toggle.setAttribute("aria-expanded", "false");
    panel.hidden = true;
    root.classList.remove("clay-search--open");
    if (returnFocus) {
      toggle.focus();
    }
  }

  // Pagefind's excerpt is the page's escaped text with <mark> around the matches: keep exactly
  // that (text and <mark>), parsed in an inert <template>, never as live HTML.
  function excerptNodes(html) {
    var template = document.createElement("template");
    template.innerHTML = html;
    var out = document.createDocumentFragment();
    template.content.childNodes.forEach(function (node) {
      if (node.nodeType === Node.ELEMENT_NODE && node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        out.appendChild(mark);
      } else {
        out.appendChild(document.createTextNode(node.textContent));
      }
    });
    return out;
  }

  function render(data, textLang) {
    var item = document.createElement("li");
    item.className = "clay-search__item";
    var link = document.createElement("a");
    link.className = "clay-search__link";
    link.href = data.url;
    link.textContent = (data.meta && data.meta.title) || data.url;
    if (textLang !== lang) {
      link.lang = textLang;
    }
    item.appendChild(link);
    if (textLang !== lang) {
      var badge = document.createElement("span");
      badge.className = "clay-search__lang";
      badge.textContent = t["lang_" + textLang] || textLang;
      item.appendChild(document.createTextNode(" "));
      item.appendChild(badge);
    }
    var excerpt = document.createElement("p");
    excerpt.className = "clay-search__excerpt";
    if (textLang !== lang) {
      excerpt.lang = textLang;
    }
    excerpt.appendChild(excerptNodes(data.excerpt || ""));
    item.appendChild(excerpt);
    return item;
  }

  function showMore(mine, count) {
    var batch = pending.splice(0, count);
    return Promise.all(batch.map(function (entry) {
      return entry.result.data().then(function (data) { return render(data, entry.textLang); });
    })).then(function (items) {
      if (mine !== generation) {
        return;
      }
      items.forEach(function (item) { list.appendChild(item); });
      more.hidden = pending.length === 0;
    });
  }

  function search(query) {
    var mine = ++generation;
    var q = query.trim();
    pending = [];
    list.textContent = "";
    more.hidden = true;
    if (!q) {
      say("");
      return Promise.resolve();
    }
    say(t.loading);
    return load().then(function (pf) {
      // Every result, then those of each other language (pages carrying the "text" filter,
      // only untranslated ones do: one filter value per index keeps Pagefind's files stable).
      return Promise.all(textLangs.map(function (textLang) {
        var options = textLang === lang ? {} : { filters: { text: textLang } };
        return pf.search(q, options).then(function (found) {
          return found ? found.results : [];
        });
      }));
    }).then(function (lists) {
      var other = {};
      lists.slice(1).forEach(function (results) {
        results.forEach(function (result) { other[result.id] = true; });
      });
      var groups = lists.map(function (results, i) {
        return results.filter(function (result) {
          return i > 0 || !other[result.id];
        }).map(function (result) {
          return { result: result, textLang: textLangs[i] };
        });
      });
      if (mine !== generation) {
        return;
      }
      pending = [].concat.apply([], groups);
      var n = pending.length;
      var template = n === 0 ? t.none : (t[plural.select(n)] || t.other);
      say(format(template, n, q));
      return showMore(mine, FIRST);
    }).catch(function () {
      if (mine === generation) {
        say(t.failed);
      }
    });
  }

  toggle.hidden = false;
  toggle.addEventListener("click", function () {
    if (panel.hidden) {
      open(true);
    } else {
      close(true);
    }
  });
  closeButton.addEventListener("click", function () { close(true); });
  input.addEventListener("input", function () {
    clearTimeout(timer);
    var words = input.value.trim();
    if (words.length >= TYPED || words.length === 0) {
      timer = setTimeout(function () { search(input.value); }, 200);
    }
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(timer);
    search(input.value);
  });
  more.addEventListener("click", function () {
    var first = list.children.length;
    showMore(generation, MORE).then(function () {
      var next = list.children[first];
      if (next) {
        next.querySelector("a").focus();
      }
    });
  });
  root.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && !panel.hidden) {
      event.preventDefault();
      close(true);
    }
  });
  document.addEventListener("click", function (event) {
    if (!panel.hidden && !root.contains(event.target)) {
      close(false);
    }
  });

  // ?q=words (e.g. from the 404 page's form) opens the search with the words
  var preset = new URLSearchParams(window.location.search).get("q");
  if (preset) {
    input.value = preset;
    open(true);
    search(preset);
  }
})();
