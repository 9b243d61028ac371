/* Font size control (A− / A+): the choice is kept in localStorage and applied before the
   page is painted, as --font-scale, which the reading text in style.css follows.
   Without JavaScript the control stays hidden and the page reads at its normal size.
   The 往期 date field (form[data-date-jump]) opens the month of the chosen day with that
   day marked, or says that no paper came out that month; without JavaScript the calendar
   links do the same. */
(function () {
  "use strict";
  var KEY = "sitegen-font-scale";
  var STEPS = [0.875, 1, 1.125, 1.25, 1.375, 1.5];
  var root = document.documentElement;
  var current = 1;
  try {
    var saved = parseFloat(window.localStorage.getItem(KEY));
    if (STEPS.indexOf(saved) >= 0) current = saved;
  } catch (e) { /* storage blocked: keep the default */ }
  function apply(scale) {
    current = scale;
    root.style.setProperty("--font-scale", String(scale));
  }
  apply(current);
  document.addEventListener("DOMContentLoaded", function () {
    var control = document.querySelector("[data-fontsize]");
    if (!control) return;
    control.hidden = false;
    control.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-step]");
      if (!button) return;
      var index = STEPS.indexOf(current) + Number(button.getAttribute("data-step"));
      apply(STEPS[Math.max(0, Math.min(STEPS.length - 1, index))]);
      try { window.localStorage.setItem(KEY, String(current)); } catch (e) { /* not kept */ }
    });
  });
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("form[data-date-jump]");
    if (!form) return;
    var months = (form.getAttribute("data-months") || "").split(" ");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var value = form.elements.date.value;  // yyyy-mm-dd
      var note = form.querySelector(".date-jump-note");
      if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) { note.textContent = "请选择日期"; return; }
      var month = value.slice(0, 7);
      if (months.indexOf(month) < 0) { note.textContent = month.replace("-", "年") + "月没有报纸"; return; }
      window.location.href = form.getAttribute("data-archive") + month.replace("-", "/") + "/#d" + value;
    });
  });
})();

/* Reading offline: registers the service worker the build writes at the site's root
   (sw.js, docs/SITE.md). The root is where this file's /assets/ folder is. Installing it
   downloads the latest edition (some 400 KB), so it waits until the page has what the
   reader came for, never competing with it on a slow network: the page loaded, and on
   the search page the first answer to a query shown (search.js sends "sitegen:settled")
   or SETTLE_WAIT ms without one. A reader who asked the browser to save data gets no
   saved edition. */
(function () {
  "use strict";
  var SETTLE_WAIT = 15000;
  var script = document.currentScript;
  if (!("serviceWorker" in navigator) || !script || script.src.indexOf("/assets/") < 0) return;
  if (navigator.connection && navigator.connection.saveData) return;
  var root = script.src.slice(0, script.src.lastIndexOf("/assets/") + 1);
  var settled = false;  // (known at load: this script runs before the page's body is read)
  var loaded = false;
  var registered = false;
  function register() {
    if (registered || !settled || !loaded) return;
    registered = true;
    navigator.serviceWorker.register(root + "sw.js", {scope: root}).catch(function () { /* online only */ });
  }
  document.addEventListener("sitegen:settled", function () { settled = true; register(); });
  window.addEventListener("load", function () {
    loaded = true;
    settled = settled || !document.querySelector("[data-search]");
    register();
    window.setTimeout(function () { settled = true; register(); }, SETTLE_WAIT);
  });
})();
