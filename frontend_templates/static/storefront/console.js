/* The back offices: on a phone the sections are a row of tabs that scrolls sideways; bring the
   current one into view so that a section at the end of the row is not hidden off-screen. */
(function () {
  "use strict";
  var current = document.querySelector(".console-tabs ul a[aria-current=\"page\"]");
  var row = current && current.closest("ul");
  if (!row || row.scrollWidth <= row.clientWidth) { return; }
  row.scrollLeft = current.offsetLeft - (row.clientWidth - current.offsetWidth) / 2;
})();
