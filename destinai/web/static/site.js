// DestinAI progressive enhancement: every page works without this file.
// 1. Skill autocomplete: inputs with data-suggest fill their <datalist> from /get-started/suggest.
// 2. Print buttons: elements with data-print call the browser's print dialog.
// 3. Filter panels marked data-collapse-narrow start closed on phones.
(function () {
  "use strict";
  function debounce(fn, ms) {
    var timer;
    return function () {
      var args = arguments, self = this;
      clearTimeout(timer);
      timer = setTimeout(function () { fn.apply(self, args); }, ms);
    };
  }
  function lastTerm(value) {
    var parts = value.split(/[;\n]/);
    return parts[parts.length - 1].trim();
  }
  function attachSuggest(input) {
    var list = document.getElementById(input.getAttribute("list"));
    if (!list) { return; }
    var kind = input.getAttribute("data-suggest") || "skill";
    var latest = 0;  // only the answer to the newest request may fill the list
    input.addEventListener("input", debounce(function () {
      var term = lastTerm(input.value);
      if (term.length < 2) { return; }
      var mine = ++latest;
      fetch("/get-started/suggest?kind=" + encodeURIComponent(kind) + "&q=" + encodeURIComponent(term),
            { headers: { "Accept": "application/json" } })
        .then(function (r) { return r.ok ? r.json() : []; })
        .then(function (labels) {
          if (mine !== latest) { return; }
          list.textContent = "";
          labels.forEach(function (label) {
            var option = document.createElement("option");
            option.value = label;
            list.appendChild(option);
          });
        })
        .catch(function () { /* suggestions are optional */ });
    }, 200));
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input[data-suggest]").forEach(attachSuggest);
    // 3. On narrow screens, start filter panels closed (unless filters are active) so the
    //    results come first; without JavaScript they stay open.
    if (window.matchMedia("(max-width: 48rem)").matches) {
      document.querySelectorAll("details[data-collapse-narrow]").forEach(function (box) {
        if (!/\(active\)/.test(box.querySelector("summary").textContent)) { box.open = false; }
      });
    }
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  });
})();
