// Progressive enhancement for the configuration editor. Without it everything still works:
// add / remove / move are submit buttons the server carries out.
(function () {
  "use strict";
  // A destination shows only the fields of the kind chosen.
  function syncDestination(fieldset) {
    var select = fieldset.querySelector("select[name$='/kind']");
    if (!select) { return; }
    fieldset.querySelectorAll(".kind-fields").forEach(function (group) {
      group.hidden = group.getAttribute("data-kind") !== select.value;
    });
  }
  document.querySelectorAll("[data-destination]").forEach(function (fieldset) {
    syncDestination(fieldset);
    var select = fieldset.querySelector("select[name$='/kind']");
    if (select) {
      select.addEventListener("change", function () { syncDestination(fieldset); });
    }
  });
  // Errors: move focus to the summary so screen readers and keyboards start there.
  var summary = document.getElementById("error-summary");
  if (summary && !document.querySelector("[autofocus]")) { summary.focus(); }
})();
