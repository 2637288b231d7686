// CreaConnect: progressive enhancements only; every page works without this file.
(function () {
  "use strict";
  function dismissable(root) {
    root.querySelectorAll("[data-dismiss]").forEach(function (btn) {
      btn.addEventListener("click", function () {
        var toast = btn.closest(".toast");
        if (toast) { toast.classList.add("is-hidden"); }
      });
    });
  }
  function closeMenusOnOutsideClick(event) {
    document.querySelectorAll("details.menu[open], details.nav-toggle[open]").forEach(function (d) {
      if (!d.contains(event.target)) { d.removeAttribute("open"); }
    });
  }
  // A form came back with errors: move focus to its summary so it is read out first.
  function focusErrorSummary(root) {
    var summary = root.querySelector(".error-summary");
    if (summary) { summary.focus(); }
  }
  document.addEventListener("DOMContentLoaded", function () {
    dismissable(document);
    focusErrorSummary(document);
    document.addEventListener("click", closeMenusOnOutsideClick);
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        document.querySelectorAll("details[open]").forEach(function (d) { d.removeAttribute("open"); });
      }
    });
  });
  // Toasts sent by the server in an HX-Trigger header: {"toast": {"message": "...", "level": "success"}}
  document.addEventListener("toast", function (event) {
    var region = document.getElementById("toasts");
    if (!region || !event.detail) { return; }
    var toast = document.createElement("div");
    toast.className = "toast toast-" + (event.detail.level || "info");
    var text = document.createElement("span");
    text.textContent = event.detail.message || "";
    toast.appendChild(text);
    region.appendChild(toast);
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    dismissable(event.target);
    focusErrorSummary(event.target);
  });
})();
