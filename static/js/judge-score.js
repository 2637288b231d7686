// Judge's scoring page: a live preview of the weighted total while scores are typed.
// The server computes the same total on save (hackathons.services.results.weighted_total);
// without this file the page shows the saved total.
(function () {
  "use strict";
  function preview(form) {
    var out = form.querySelector("output[data-total]");
    if (!out) { return; }
    var sum = 0, weights = 0, complete = true;
    Object.keys(out.dataset).forEach(function (key) {
      if (!/^c\d+$/.test(key)) { return; }
      var parts = out.dataset[key].split(":");
      var weight = parseFloat(parts[0]), top = parseFloat(parts[1]);
      var input = form.elements[key];
      var raw = input ? input.value.trim() : "";
      var value = raw === "" ? NaN : Number(raw);
      weights += weight;
      if (isNaN(value) || value < 0 || value > top) { complete = false; return; }
      sum += weight * value / top;
    });
    out.textContent = complete && weights > 0
      ? (100 * sum / weights).toLocaleString(document.documentElement.lang || undefined,
        { minimumFractionDigits: 1, maximumFractionDigits: 1 })
      : "–";
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-weighted-total]").forEach(function (form) {
      form.addEventListener("input", function () { preview(form); });
      preview(form);
    });
  });
})();
