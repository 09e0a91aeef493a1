// The e-invoice fields show only while their checkbox is ticked. Hidden fields are disabled
// too, so they are not posted and an unticked box clears the request. Without this script
// the fields are always shown and the company name decides.
(function () {
  "use strict";
  document.querySelectorAll("input[type=checkbox][data-reveals]").forEach(function (box) {
    var target = document.getElementById(box.dataset.reveals);
    if (!target) return;
    function sync() {
      target.hidden = !box.checked;
      target.querySelectorAll("input, textarea, select").forEach(function (control) {
        control.disabled = !box.checked;
      });
    }
    box.addEventListener("change", sync);
    sync();
  });
})();
