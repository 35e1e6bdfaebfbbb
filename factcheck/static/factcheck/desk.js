// Small enhancements for the desk. Everything works without this file:
// a field's maxlength still limits it, and the server shows the count on each load.
// It also says, at the top of the page, when an in-place (htmx) request failed: htmx itself
// swaps nothing on an error and says nothing, so a click would otherwise seem to do nothing.
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

  // --- In-place requests that failed ------------------------------------------------------------

  function words(text) {
    return (text || "").replace(/\s+/g, " ").trim();
  }

  // What the member asked for, in the words of the control they used ("Remove the evidence …").
  function asked(detail) {
    var config = detail.requestConfig || {};
    var elt = config.elt || detail.elt;
    var event = config.triggeringEvent;
    if (event && event.submitter) return words(event.submitter.textContent || event.submitter.value);
    if (elt && elt.tagName === "FORM") {
      var button = elt.querySelector("button[type=submit], button:not([type])");
      return words(elt.getAttribute("aria-label") || (button && button.textContent));
    }
    return elt && (elt.tagName === "A" || elt.tagName === "BUTTON") ? words(elt.textContent) : "";
  }

  // One message at the top of the page, replaced by the next failure (a polling part fails every second).
  function sayFailed(detail, reason) {
    var main = document.getElementById("main");
    if (!main) return;
    var box = document.getElementById("htmx-failure");
    if (!box) {
      box = document.createElement("div");
      box.id = "htmx-failure";
      box.className = "messages";
      main.insertBefore(box, main.firstChild);
    }
    var what = asked(detail);
    var message = document.createElement("p");
    message.className = "message message--error";
    message.setAttribute("role", "alert");
    message.tabIndex = -1;
    var strong = document.createElement("strong");
    strong.textContent = "Not done:";
    var reload = document.createElement("a");
    reload.href = window.location.pathname + window.location.search;
    reload.textContent = "Reload the page";
    message.append(
      strong,
      " Could not " + (what ? "complete “" + what + "”" : "update this page") + ": " + reason + " ",
      reload,
      " and try again."
    );
    box.replaceChildren(message);
    // Someone who clicked is taken to the message; a background refresh does not move the focus.
    if (detail.requestConfig && detail.requestConfig.triggeringEvent) message.focus();
  }

  function status(xhr) {
    return xhr.status + (xhr.statusText ? " (" + xhr.statusText + ")" : "");
  }

  document.addEventListener("htmx:responseError", function (event) {
    sayFailed(event.detail, "the server answered " + status(event.detail.xhr) + ".");
  });
  document.addEventListener("htmx:sendError", function (event) {
    sayFailed(event.detail, "the server could not be reached (is the connection down?).");
  });
  // A whole page where a part was expected (the login page after the session ended, an error page
  // answered with 200) is not swapped into the part.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var detail = event.detail;
    var text = typeof detail.serverResponse === "string" ? detail.serverResponse : "";
    if (detail.shouldSwap && detail.target !== document.body && /^\s*<(!doctype|html)/i.test(text)) {
      detail.shouldSwap = false;
      sayFailed(detail, "the server answered with a whole page instead of a part of one (has your session ended?).");
    }
  });
})();
