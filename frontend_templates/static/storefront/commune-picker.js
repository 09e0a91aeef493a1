// Province → commune picker: when the province changes, fetch its communes as JSON and fill
// the commune list, so that the page need not be sent back. Without this script, the
// "Show its communes" button does the same by reloading the page.
(function () {
  "use strict";
  var province = document.querySelector("select[data-communes-url]");
  if (!province || !window.fetch) { return; }
  var commune = document.getElementById(province.getAttribute("data-commune-select"));
  var button = province.form && province.form.querySelector(".province-submit");
  if (!commune) { return; }
  if (button) { button.hidden = true; }

  function fill(rows) {
    var keep = commune.value;
    commune.length = 1;
    rows.forEach(function (row) {
      var option = new Option(row.name, row.code);
      option.selected = row.code === keep;
      commune.add(option);
    });
    commune.options[0].text = commune.getAttribute(rows.length ? "data-choose" : "data-choose-province");
    commune.disabled = false;
  }

  province.addEventListener("change", function () {
    if (!province.value) { fill([]); return; }
    commune.disabled = true;
    var url = province.getAttribute("data-communes-url") + "?province=" + encodeURIComponent(province.value);
    fetch(url, { headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.json();
      })
      .then(function (data) { fill(data.communes); })
      .catch(function () {
        // Offline or failed: fall back to the server round trip.
        commune.disabled = false;
        if (button) { button.hidden = false; }
      });
  });
})();
