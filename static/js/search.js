/* Search page: asks the Pagefind index (built with the site) and lists what it finds.
   The index is split by language; Pagefind picks the one of this page's <html lang>. */
(function () {
  "use strict";

  var form = document.getElementById("search-form");
  var input = document.getElementById("search-q");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var script = document.currentScript;
  var pagefind = null;

  function say(template, values) {
    status.textContent = template.replace(/\{(\w+)\}/g, function (_, name) { return values[name]; });
  }

  function show(results, query) {
    list.textContent = "";
    results.forEach(function (result) {
      var item = document.createElement("li");
      var heading = document.createElement("h2");
      var link = document.createElement("a");
      link.href = result.url;
      link.textContent = result.meta.title || result.url;
      heading.appendChild(link);
      var excerpt = document.createElement("p");
      // Pagefind's excerpt is text from our own pages with <mark> around the matched words.
      excerpt.innerHTML = result.excerpt;
      item.appendChild(heading);
      item.appendChild(excerpt);
      list.appendChild(item);
    });
    var template = results.length ? status.getAttribute("data-found") : status.getAttribute("data-none");
    say(template, { count: results.length, query: query });
    document.getElementById("search-none").hidden = results.length > 0;  // nothing found: the whole catalogue
  }

  function run(query) {
    query = query.trim();
    if (!query) { list.textContent = ""; status.textContent = ""; return; }
    status.classList.remove("search-error");
    say(status.getAttribute("data-busy"), { query: query });
    var ready = pagefind ? Promise.resolve(pagefind) : import(script.getAttribute("data-pagefind")).then(function (module) {
      pagefind = module;
      // Result addresses are stored without the site's sub-path; Pagefind adds it back.
      return module.options({ baseUrl: script.getAttribute("data-base") }).then(function () { return module; });
    });
    ready.then(function (engine) { return engine.search(query); })
      .then(function (search) { return Promise.all(search.results.slice(0, 20).map(function (r) { return r.data(); })); })
      .then(function (results) { show(results, query); })
      .catch(function () {
        // The index did not load (offline, or a host that lost its files): say so, never spin.
        pagefind = null;
        list.textContent = "";
        status.classList.add("search-error");
        status.textContent = status.getAttribute("data-error");
      });
  }

  form.hidden = false;
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var url = new URL(window.location.href);
    url.searchParams.set("q", input.value);
    window.history.replaceState(null, "", url);
    carryToOtherLanguages();
    run(input.value);
  });
  // The search page in the other language runs the same query: its switch link keeps it.
  function carryToOtherLanguages() {
    document.querySelectorAll(".language-switch a").forEach(function (link) { link.search = window.location.search; });
  }
  var initial = new URLSearchParams(window.location.search).get("q");
  var header = document.getElementById("search-header");  // the header's box says what is being searched too
  if (initial) { input.value = initial; if (header) { header.value = initial; } carryToOtherLanguages(); run(initial); }
})();
