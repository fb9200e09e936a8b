/* Filters for the catalogue and the schedule. Progressive enhancement: without this
   script every course and session stays listed; with it the filter form appears. */
(function () {
  "use strict";

  function setup(form, items, matches) {
    var status = form.querySelector(".filter-status");
    function apply() {
      var shown = 0;
      items.forEach(function (item) {
        var visible = matches(item, form);
        item.hidden = !visible;
        if (visible) { shown += 1; }
      });
      if (status) {
        status.textContent = status.getAttribute("data-template")
          .replace("{shown}", shown).replace("{total}", items.length);
      }
      // Empty month sections of the schedule are hidden too.
      document.querySelectorAll("section.month").forEach(function (section) {
        section.hidden = !section.querySelector(".session:not([hidden])");
      });
    }
    form.hidden = false;
    form.addEventListener("input", apply);
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
    var query = new URLSearchParams(window.location.search);
    var details = form.querySelector("details");
    if (details && Array.from(query.keys()).length) { details.open = true; }
    query.forEach(function (value, name) {
      var field = form.elements.namedItem(name);
      if (field && field.type === "checkbox") { field.checked = value === field.value; }
      else if (field) { field.value = value; }
    });
    apply();
  }

  function value(form, name) {
    var field = form.elements.namedItem(name);
    if (!field) { return ""; }
    if (field.type === "checkbox") { return field.checked ? field.value : ""; }
    return field.value.trim().toLowerCase();
  }

  function same(item, form, name) {
    var wanted = value(form, name);
    return !wanted || item.getAttribute("data-" + name) === wanted;
  }

  var catalogue = document.getElementById("filters");
  if (catalogue) {
    setup(catalogue, Array.prototype.slice.call(document.querySelectorAll("#course-list > li")), function (item, form) {
      var words = value(form, "q").split(/\s+/).filter(Boolean);
      var text = item.textContent.toLowerCase();
      return ["category", "level", "mode", "fee", "open"].every(function (name) { return same(item, form, name); }) &&
        words.every(function (word) { return text.indexOf(word) !== -1; });
    });
  }
  var schedule = document.getElementById("session-filters");
  if (schedule) {
    setup(schedule, Array.prototype.slice.call(document.querySelectorAll(".month .session")), function (item, form) {
      return same(item, form, "category") && same(item, form, "mode");
    });
  }
})();
