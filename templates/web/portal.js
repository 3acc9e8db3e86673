// Progressive enhancement only: every page works without it. While an admin edits the
// products or the role, ask the server which emails saving would send (the same preview
// as the "Preview emails" button, computed by the service and rolled back) and show it.
(function () {
  "use strict";
  document.querySelectorAll("form[data-preview-slot]").forEach(function (form) {
    var slotId = form.getAttribute("data-preview-slot");
    var timer = null;
    var asked = 0;
    form.addEventListener("change", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var body = new URLSearchParams(new FormData(form));
        body.set("intent", "preview");
        var mine = ++asked;
        fetch(form.action, { method: "POST", body: body, credentials: "same-origin" })
          .then(function (res) { return res.text(); })
          .then(function (html) {
            if (mine !== asked) return; // a newer question is on its way
            var fresh = new DOMParser().parseFromString(html, "text/html").getElementById(slotId);
            var slot = document.getElementById(slotId);
            if (fresh && slot) slot.replaceWith(document.importNode(fresh, true));
          })
          .catch(function () { /* the button still works */ });
      }, 200);
    });
  });
})();

// Times are written in UTC by the server; show them in the reader's own time zone and
// language, keeping the UTC text as a tooltip.
(function () {
  "use strict";
  var lang = document.documentElement.lang || undefined;
  var format, dateOnly;
  try {
    format = new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "short" });
    dateOnly = new Intl.DateTimeFormat(lang, { dateStyle: "medium" });
  } catch (e) {
    return;
  }
  document.querySelectorAll("time[datetime]").forEach(function (t) {
    var when = new Date(t.getAttribute("datetime"));
    if (isNaN(when.getTime())) return;
    t.title = t.textContent;
    t.textContent = (t.hasAttribute("data-date") ? dateOnly : format).format(when);
    t.setAttribute("data-local", "true");
  });
})();

// The bulk form shows the product boxes and the role select only for the actions that
// use them (without the script every field shows and the server ignores the others).
(function () {
  "use strict";
  var action = document.getElementById("bulk-action");
  if (!action) return;
  var parts = document.querySelectorAll("[data-for-actions]");
  function sync() {
    parts.forEach(function (el) {
      var unused = el.getAttribute("data-for-actions").split(" ").indexOf(action.value) < 0;
      el.hidden = unused;
      // A hidden field sends nothing, so a role picked before changing the action is not sent.
      el.querySelectorAll("input, select").forEach(function (f) { f.disabled = unused; });
    });
  }
  action.addEventListener("change", sync);
  sync();
})();
