/* Search page: asks the Pagefind index (built with the site) and lists what it finds, each result
   saying whether it is a course or a page; a course shows its next session, status and fee as
   its card does (metadata the course page gives Pagefind). Each language has its own index;
   when this language finds nothing, the other one is asked too, and its count links there. */
(function () {
  "use strict";

  var form = document.getElementById("search-form");
  var input = document.getElementById("search-q");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var other = document.getElementById("search-other");
  var script = document.currentScript;
  var base = script.getAttribute("data-base");
  var lang = document.documentElement.lang || "id";
  var plural = window.Intl && Intl.PluralRules ? new Intl.PluralRules(lang) : null;
  var pagefind = null;

  function fillIn(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, name) { return values[name]; });
  }

  function say(template, values) { status.textContent = fillIn(template, values); }

  function element(tag, className, text) {
    var made = document.createElement(tag);
    if (className) { made.className = className; }
    if (text) { made.textContent = text; }
    return made;
  }

  function card(result) {
    var meta = result.meta || {};
    var course = meta.kind === "course";
    var item = element("li", "result " + (course ? "result-course" : "result-page"));
    item.appendChild(element("p", "result-kind", status.getAttribute(course ? "data-kind-course" : "data-kind-page")));
    var heading = element("h2");
    var link = element("a", "", meta.title || result.url);
    link.href = result.url;
    heading.appendChild(link);
    item.appendChild(heading);
    if (course && meta.dates) {
      var next = element("div", "next");
      var head = element("p", "next-head");
      head.appendChild(element("span", "label", status.getAttribute("data-next")));
      if (meta.fee) { head.appendChild(document.createTextNode(" ")); head.appendChild(element("span", "chip", meta.fee)); }
      next.appendChild(head);
      next.appendChild(element("p", "when", meta.dates));
      if (meta.status) {
        var facts = element("p", "next-facts");
        facts.appendChild(element("strong", "tag tag-" + meta.status, meta.status_label || ""));
        next.appendChild(facts);
      }
      if (meta.register) { next.appendChild(element("p", "register-line", meta.register)); }
      item.appendChild(next);
    }
    var excerpt = element("p", "excerpt");
    // Pagefind's excerpt is text from our own pages with <mark> around the matched words.
    excerpt.innerHTML = result.excerpt;
    item.appendChild(excerpt);
    return item;
  }

  function show(results, query) {
    list.textContent = "";
    results.forEach(function (result) { list.appendChild(card(result)); });
    var template = results.length ? status.getAttribute("data-found") : status.getAttribute("data-none");
    say(template, { count: results.length, query: query });
    document.getElementById("search-none").hidden = results.length > 0;  // nothing found: the whole catalogue
  }

  // The other language's index, asked only when this one finds nothing. Each language has its own
  // index (its own Pagefind module), so the other one is simply loaded from its own address.
  function otherLanguage(query) {
    var switchLink = document.querySelector(".language-switch a[hreflang]");
    var indexes = JSON.parse(script.getAttribute("data-pagefind-other") || "{}");
    var url = switchLink && indexes[switchLink.getAttribute("hreflang")];
    if (!url) { return Promise.resolve(null); }
    return import(url).then(function (module) {
      return module.options({ baseUrl: base }).then(function () { return module.search(query); });
    }).then(function (found) {
      return { count: found.results.length, url: switchLink.href, name: switchLink.querySelector(".name").textContent };
    });
  }

  function tellOther(found) {
    other.textContent = "";
    other.hidden = !found || found.count === 0;
    if (other.hidden) { return; }
    var forms = JSON.parse(status.getAttribute("data-other"));
    var text = forms[plural ? plural.select(found.count) : "other"] || forms.other;
    other.appendChild(document.createTextNode(fillIn(text, { count: found.count, language: found.name }) + " "));
    var link = element("a", "", status.getAttribute("data-other-link"));
    link.href = found.url;
    other.appendChild(link);
  }

  function run(query) {
    query = query.trim();
    other.hidden = true;
    if (!query) { list.textContent = ""; status.textContent = ""; return; }
    status.classList.remove("search-error");
    say(status.getAttribute("data-busy"), { query: query });
    var ready = pagefind ? Promise.resolve(pagefind) : import(script.getAttribute("data-pagefind")).then(function (module) {
      pagefind = module;
      // Result addresses are stored without the site's sub-path; Pagefind adds it back.
      return module.options({ baseUrl: base }).then(function () { return module; });
    });
    ready.then(function (engine) { return engine.search(query); })
      .then(function (search) { return Promise.all(search.results.slice(0, 20).map(function (r) { return r.data(); })); })
      .then(function (results) {
        show(results, query);
        if (!results.length) { return otherLanguage(query).then(tellOther, function () { tellOther(null); }); }
      })
      .catch(function () {
        // The index did not load (offline, or a host that lost its files): say so, never spin.
        pagefind = null;
        list.textContent = "";
        status.classList.add("search-error");
        status.textContent = status.getAttribute("data-error");
      });
  }

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
  if (initial) { list.classList.add("searching"); input.value = initial; carryToOtherLanguages(); run(initial); }
})();
