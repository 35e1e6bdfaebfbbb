// Small enhancements for the desk. Everything works without this file:
// a field's maxlength still limits it, and the server shows the count on each load.
(function () {
  "use strict";

  // Live character counts: <p data-count-for="FIELD_ID"> under a field with maxlength.
  function describe(used, max) {
    var left = max - used;
    return used + " of " + max + " characters" + (left <= 10 ? " (" + left + " left)" : "");
  }

  function wire(root) {
    var outputs = root.querySelectorAll ? root.querySelectorAll("[data-count-for]") : [];
    Array.prototype.forEach.call(outputs, function (output) {
      var input = document.getElementById(output.getAttribute("data-count-for"));
      if (!input || input.hasAttribute("data-counted")) return;
      var max = Number(input.getAttribute("maxlength"));
      if (!max) return;
      input.setAttribute("data-counted", "");
      var update = function () {
        output.textContent = describe(input.value.length, max);
        output.classList.toggle("near-limit", max - input.value.length <= 10);
      };
      input.addEventListener("input", update);
      update();
    });
  }

  document.addEventListener("DOMContentLoaded", function () { wire(document); });
  document.addEventListener("htmx:load", function (event) { wire(event.target); });
})();
