// "Find your pack" on the download page: choose a role or level and an age
// band, and the links to that pack appear. No library, no server; without
// it the table of every pack below is the page. Its only words come from
// the page (the pack's row and data-none).
(function () {
  "use strict";
  document.querySelectorAll("[data-finder]").forEach(function (finder) {
    var section = finder.closest("section");
    var who = finder.querySelector("[data-who]");
    var band = finder.querySelector("[data-band]");
    var needs = finder.querySelector("[data-additional-needs]");
    var result = finder.querySelector("[data-result]");
    var rows = Array.prototype.slice.call(section.querySelectorAll("tr[data-pack]"));

    function show() {
      result.textContent = "";
      if (!who.value || (band && !band.value)) return;
      var wantNeeds = needs && needs.checked ? "yes" : "no";
      var row = rows.filter(function (r) {
        return r.dataset.who === who.value && (!band || r.dataset.band === band.value) && r.dataset.additionalNeeds === wantNeeds;
      })[0];
      if (!row) {
        var none = document.createElement("p");
        none.textContent = result.dataset.none;
        result.appendChild(none);
        return;
      }
      var title = document.createElement("p");
      var strong = document.createElement("strong");
      strong.textContent = row.querySelector("th").textContent;
      title.appendChild(strong);
      result.appendChild(title);
      result.appendChild(row.querySelector("ul").cloneNode(true));
    }

    [who, band, needs].forEach(function (control) {
      if (control) control.addEventListener("change", show);
    });
    finder.hidden = false;
    show();
  });
})();
