// The header's disclosure menus (<details>) work without this file; with it, Escape or a click
// elsewhere closes an open menu, and opening one closes the other, as shoppers expect.
(function () {
  "use strict";
  var menus = document.querySelectorAll("details.menu");
  function closeAll(except) {
    menus.forEach(function (menu) { if (menu !== except) { menu.open = false; } });
  }
  menus.forEach(function (menu) {
    menu.addEventListener("toggle", function () { if (menu.open) { closeAll(menu); } });
  });
  document.addEventListener("click", function (event) {
    if (!event.target.closest("details.menu")) { closeAll(null); }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    menus.forEach(function (menu) {
      if (menu.open) {
        menu.open = false;
        menu.querySelector("summary").focus();
      }
    });
  });
})();
