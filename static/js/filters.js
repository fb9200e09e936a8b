/* Filters for the catalogue and the agenda. Progressive enhancement: without this script
   every course and session stays listed; with it the filter form appears. The filters live
   in the address (?category=koperasi&fee=free), so a filtered list can be shared, and Back
   and Forward step through what the reader chose. Counts use the language's plural rules. */
(function () {
  "use strict";

  var lang = document.documentElement.lang || "id";
  var plural = window.Intl && Intl.PluralRules ? new Intl.PluralRules(lang) : null;

  function say(element, values, countBy) {
    if (!element) { return; }
    var forms = JSON.parse(element.getAttribute("data-forms"));
    var form = plural ? plural.select(values[countBy]) : "other";
    var text = forms[form] || forms.other;
    element.textContent = text.replace(/\{(\w+)\}/g, function (_, name) { return values[name]; });
  }

  function fields(form) {
    return Array.prototype.filter.call(form.elements, function (field) { return field.name; });
  }

  function value(field) {
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
    return Array.from(query.keys()).length > 0;
  }

  function setup(form, items, matches, heading) {
    var status = form.querySelector(".filter-status");
    var empty = document.querySelector("[data-empty]");
    var details = form.querySelector("details");

    function apply() {
      var shown = 0;
      items.forEach(function (item) {
        var visible = matches(item, form);
        item.hidden = !visible;
        if (visible) { shown += 1; }
      });
      say(status, { shown: shown, total: items.length, count: items.length }, "total");
      say(heading, { count: shown }, "count");
      if (empty) { empty.hidden = shown > 0; }
      // Months of the agenda with nothing left to show are hidden too.
      document.querySelectorAll("section.month").forEach(function (section) {
        section.hidden = !section.querySelector(".session:not([hidden])");
      });
    }

    form.hidden = false;
    var chosen = fromAddress(form);
    // Open where there is room, or when the address already holds filters.
    if (details) { details.open = chosen || window.matchMedia("(min-width: 48em)").matches; }
    form.addEventListener("input", function (event) { apply(); toAddress(form, event.target.type !== "search"); });
    form.addEventListener("change", function () { apply(); toAddress(form, true); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("reset", function () { window.setTimeout(function () { apply(); toAddress(form, true); }, 0); });
    window.addEventListener("popstate", function () { fromAddress(form); apply(); carryToOtherLanguages(); });
    apply();
    carryToOtherLanguages();
  }

  function same(item, form, name) {
    var field = form.elements.namedItem(name);
    var wanted = field ? value(field).toLowerCase() : "";
    // An item may carry several values, separated by spaces (a course with free and paid sessions).
    return !wanted || (item.getAttribute("data-" + name) || "").split(" ").indexOf(wanted) !== -1;
  }

  var catalogue = document.getElementById("filters");
  if (catalogue) {
    setup(catalogue, Array.prototype.slice.call(document.querySelectorAll("#course-list > li")), function (item, form) {
      var words = value(form.elements.namedItem("q")).toLowerCase().split(/\s+/).filter(Boolean);
      var text = item.textContent.toLowerCase();
      return ["category", "level", "mode", "fee", "open"].every(function (name) { return same(item, form, name); }) &&
        words.every(function (word) { return text.indexOf(word) !== -1; });
    }, document.getElementById("course-list-title"));
  }
  var schedule = document.getElementById("session-filters");
  if (schedule) {
    setup(schedule, Array.prototype.slice.call(document.querySelectorAll(".month .session")), function (item, form) {
      return ["category", "mode", "fee", "open"].every(function (name) { return same(item, form, name); });
    }, null);
  }
})();
