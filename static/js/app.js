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
  // Autosave ("saved as you type") must hold for every field, even when the person leaves
  // right after typing, before htmx's delayed save fires: unsaved edits are sent once more
  // when a link is followed (then the link is opened) and, as a last resort, on pagehide
  // (a keepalive request outlives the page). Files are left to the form's own saves.
  // Every save carries the order the browser made it in (its clock in ms, never going
  // back): the server ignores a save that arrives after a newer one from this browser.
  var lastSeq = 0;
  function nextSeq() {
    lastSeq = Math.max(lastSeq + 1, Date.now());
    return lastSeq;
  }
  function autosaveForms() {
    document.querySelectorAll("form[data-autosave]").forEach(function (form) {
      var edits = 0, saved = 0, sending = 0;
      var dirty = function () { return edits > saved; };
      var flush = function () {
        if (!dirty()) { return Promise.resolve(); }
        var data = new FormData(form);
        form.querySelectorAll("input[type=file]").forEach(function (f) { data.delete(f.name); });
        data.set("autosave", "1");
        data.set("autosave_seq", String(nextSeq()));
        var upTo = edits;
        return fetch(form.getAttribute("hx-post") || form.action || location.href, {
          method: "POST", body: data, credentials: "same-origin", keepalive: true,
          headers: {"HX-Request": "true"}
        }).then(function (r) { if (r.ok) { saved = Math.max(saved, upTo); } })
          .catch(function () { return null; });
      };
      form.addEventListener("input", function () { edits += 1; });
      form.addEventListener("change", function () { edits += 1; });
      form.addEventListener("submit", function () {
        saved = edits;
        var seq = form.querySelector("input[name=autosave_seq]");
        if (!seq) {
          seq = document.createElement("input");
          seq.type = "hidden"; seq.name = "autosave_seq"; form.appendChild(seq);
        }
        seq.value = String(nextSeq());
      });
      form.addEventListener("htmx:configRequest", function (event) {
        event.detail.parameters.autosave_seq = String(nextSeq());
      });
      form.addEventListener("htmx:beforeRequest", function () { sending = edits; });
      form.addEventListener("htmx:afterRequest", function (event) {
        if (event.detail.successful) { saved = Math.max(saved, sending); }
      });
      document.addEventListener("click", function (event) {
        var link = event.target.closest && event.target.closest("a[href]");
        if (!link || !dirty() || event.defaultPrevented || link.target || event.ctrlKey ||
            event.metaKey || event.shiftKey || link.origin !== location.origin) { return; }
        event.preventDefault();
        flush().then(function () { location.href = link.href; });
      });
      window.addEventListener("pagehide", function () { flush(); });
    });
  }
  document.addEventListener("DOMContentLoaded", autosaveForms);
  // A slug field (data-slug-from="<id of the title field>") follows the title as it is typed,
  // until the person edits the slug themselves or it already had a value.
  function slugify(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 50);
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input[data-slug-from]").forEach(function (slug) {
      var title = document.getElementById(slug.getAttribute("data-slug-from"));
      if (!title) { return; }
      var follow = !slug.value;
      slug.addEventListener("input", function () { follow = !slug.value; });
      title.addEventListener("input", function () {
        if (follow) { slug.value = slugify(title.value); }
      });
    });
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    dismissable(event.target);
    focusErrorSummary(event.target);
  });
})();
