/* Font size control (A− / A+): the choice is kept in localStorage and applied before the
   page is painted, as a scale on the root font size that every rem in style.css follows.
   Without JavaScript the control stays hidden and the page reads at its normal size. */
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
})();
