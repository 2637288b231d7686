// Panels marked <details data-fold-narrow open>: folded on a narrow screen (the content comes
// first), open on a wide one. Without this file they simply stay open.
(function () {
  "use strict";
  var wide = window.matchMedia("(min-width: 861px)");
  function apply() {
    document.querySelectorAll("details[data-fold-narrow]").forEach(function (d) {
      d.open = wide.matches;
    });
  }
  document.addEventListener("DOMContentLoaded", apply);
  wide.addEventListener("change", apply);
})();
