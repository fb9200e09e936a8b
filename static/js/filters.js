/* Filters and sort for the catalogue and the agenda. Progressive enhancement: without this
   script every course and session stays listed (the form is not shown). Loaded in the head,
   deferred and render-blocking, so that the chosen filters, the open filter panel on a wide
   screen and the shortened list are in place before the first paint: nothing moves.
   The filters live in the address (?category=koperasi&fee=free&sort=title), so a filtered list
   can be shared, and Back and Forward step through what the reader chose. Counts use the
   language's plural rules. */
(function () {
  "use strict";

  var lang = document.documentElement.lang || "id";
  var plural = window.Intl && Intl.PluralRules ? new Intl.PluralRules(lang) : null;
  var WIDE = "(min-width: 48em)";

  function fill(element, attribute, values, countBy) {
    var forms = JSON.parse(element.getAttribute(attribute));
    var form = plural ? plural.select(values[countBy]) : "other";
    var text = forms[form] || forms.other;
    element.textContent = text.replace(/\{(\w+)\}/g, function (_, name) { return values[name]; });
  }

  function fields(form) {
    return Array.prototype.filter.call(form.elements, function (field) { return field.name; });
  }

  function value(field) {
    if (!field) { return ""; }
    if (field.type === "checkbox") { return field.checked ? field.value : ""; }
    return field.value.trim();
  }

  function toAddress(form, push) {
    var query = new URLSearchParams();
    fields(form).forEach(function (field) { if (value(field)) { query.set(field.name, value(field)); } });
    var address = window.location.pathname + (query.toString() ? "?" + query : "") + window.location.hash;
    if (address !== window.location.pathname + window.location.search + window.location.hash) {
      window.history[push ? "pushState" : "replaceState"](null, "", address);
    }
    carryToOtherLanguages();
  }

  // The other language's list takes the same filters: its switch link keeps them.
  function carryToOtherLanguages() {
    document.querySelectorAll(".language-switch a").forEach(function (link) { link.search = window.location.search; });
  }

  function fromAddress(form) {
    var query = new URLSearchParams(window.location.search);
    fields(form).forEach(function (field) {
      var wanted = query.get(field.name) || "";
      if (field.type === "checkbox") { field.checked = wanted === field.value; } else { field.value = wanted; }
    });
    return fields(form).some(function (field) { return field.name !== "sort" && value(field); });
  }

  function setup(form, items, matches, list) {
    var countLine = document.querySelector(".count-line");
    var empty = document.querySelector("[data-empty]");
    var details = form.querySelector("details");
    var reset = form.querySelector("[data-reset]");
    var showAll = document.querySelector("[data-show-all]");
    var anchor = list.id + "-more";
    var limit = list.querySelectorAll(".later").length ? items.length - list.querySelectorAll(".later").length : items.length;
    items.forEach(function (item, index) { item.setAttribute("data-order", String(index)); });

    // Sorting: "soonest" is the order the site was built in; "title" is A-Z in the page's language.
    function sort() {
      var byTitle = value(form.elements.namedItem("sort")) === "title";
      var ordered = items.slice().sort(byTitle ? function (a, b) {
        return a.querySelector("h3").textContent.trim().localeCompare(b.querySelector("h3").textContent.trim(), lang);
      } : function (a, b) { return a.getAttribute("data-order") - b.getAttribute("data-order"); });
      if (list.tagName === "UL") { ordered.forEach(function (item) { list.appendChild(item); }); }
      // The first screenful stays the same length whatever the order.
      ordered.forEach(function (item, index) {
        item.classList.toggle("later", index >= limit);
        if (item.id === anchor) { item.removeAttribute("id"); }
      });
      if (ordered[limit] && !ordered[limit].id) { ordered[limit].id = anchor; }
    }

    function apply() {
      var shown = 0;
      items.forEach(function (item) {
        var visible = matches(item, form);
        item.hidden = !visible;
        if (visible) { shown += 1; }
      });
      var filtered = fields(form).some(function (field) { return field.name !== "sort" && value(field); });
      if (form.elements.namedItem("sort")) { sort(); }
      // A filtered list is shown whole: it is already shorter.
      list.toggleAttribute("data-all", filtered);
      if (countLine) {
        var total = Number(countLine.getAttribute("data-total"));
        if (shown === total) { fill(countLine, "data-all", { count: total }, "count"); }
        else { fill(countLine, "data-some", { shown: shown, total: total }, "total"); }
      }
      if (reset) { reset.classList.toggle("unused", !filtered); }
      if (empty) {
        empty.hidden = shown > 0;
        // "Only open" alone says that nothing is open now, and when registration opens next.
        var onlyOpen = value(form.elements.namedItem("open")) && fields(form).every(function (field) {
          return field.name === "open" || field.name === "sort" || !value(field);
        });
        empty.querySelector(".empty-open").hidden = !onlyOpen;
        empty.querySelector(".empty-any").hidden = !!onlyOpen;
      }
      // Months of the agenda with nothing left to show are hidden too.
      document.querySelectorAll("section.month").forEach(function (section) {
        section.hidden = !section.querySelector(".session:not([hidden])");
      });
      if (showAll) { showAll.parentNode.hidden = filtered; }
    }

    var chosen = fromAddress(form);
    // Open where there is room, or when the address already holds filters.
    if (details) { details.open = chosen || window.matchMedia(WIDE).matches; }
    // The sort belongs to the form through its form attribute, outside it: listen where both bubble to.
    document.addEventListener("input", function (event) {
      if (event.target.form === form) { apply(); toAddress(form, event.target.type !== "search"); }
    });
    document.addEventListener("change", function (event) {
      if (event.target.form === form) { apply(); toAddress(form, true); }
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("reset", function () { window.setTimeout(function () { apply(); toAddress(form, true); }, 0); });
    window.addEventListener("popstate", function () { fromAddress(form); apply(); carryToOtherLanguages(); });
    apply();
    carryToOtherLanguages();
  }

  function same(item, form, name) {
    var wanted = value(form.elements.namedItem(name)).toLowerCase();
    // An item may carry several values, separated by spaces (a course with free and paid sessions).
    return !wanted || (item.getAttribute("data-" + name) || "").split(" ").indexOf(wanted) !== -1;
  }

  // The filters are the form's controls marked data-filter (templates/partials/filters.html).
  function filterNames(form) {
    return Array.prototype.map.call(form.querySelectorAll("[data-filter]"), function (control) { return control.name; });
  }

  function start() {
    var catalogue = document.getElementById("filters");
    var courses = document.getElementById("course-list");
    if (catalogue && courses) {
      setup(catalogue, Array.prototype.slice.call(courses.children), function (item, form) {
        var words = value(form.elements.namedItem("q")).toLowerCase().split(/\s+/).filter(Boolean);
        var text = item.textContent.toLowerCase();
        return filterNames(form).every(function (name) { return same(item, form, name); }) &&
          words.every(function (word) { return text.indexOf(word) !== -1; });
      }, courses);
    }
    var schedule = document.getElementById("session-filters");
    var sessions = document.getElementById("session-list");
    if (schedule && sessions) {
      setup(schedule, Array.prototype.slice.call(sessions.querySelectorAll(".session")), function (item, form) {
        return filterNames(form).every(function (name) { return same(item, form, name); });
      }, sessions);
    }
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
