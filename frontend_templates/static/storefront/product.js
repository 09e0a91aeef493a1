// The product page's enhancements. Without this file the page still works: thumbnails link to
// the large photos, the chosen size radio and the quantity field post with the form, and the
// share links open Zalo and Facebook.
(function () {
  "use strict";

  // ---- Gallery: thumbnails become buttons (arrow keys move between them), zoom in a dialog ----
  function setUpGallery(root) {
    var main = document.getElementById("gallery-main");
    var mainLink = document.getElementById("gallery-main-link");
    var dialog = root.querySelector("[data-gallery-dialog]");
    var zoom = root.querySelector("[data-gallery-zoom]");
    var list = root.querySelector("[data-gallery-thumbs]");
    if (!main) { return; }
    var large = mainLink ? mainLink.href : main.src;
    var buttons = [];
    var opener = null;

    function show(button) {
      main.src = button.getAttribute("data-thumb-src");
      main.srcset = button.getAttribute("data-thumb-srcset");
      main.alt = button.getAttribute("data-thumb-alt");
      main.width = button.getAttribute("data-thumb-width");
      main.height = button.getAttribute("data-thumb-height");
      large = button.getAttribute("data-thumb-large");
      if (mainLink) { mainLink.href = large; }
      buttons.forEach(function (other) {
        var current = other === button;
        other.setAttribute("aria-pressed", current ? "true" : "false");
        other.tabIndex = current ? 0 : -1;  // one tab stop; arrows move inside the strip
      });
    }

    if (list) {
      list.querySelectorAll("a[data-thumb-src]").forEach(function (link) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "gallery-thumb";
        Object.keys(link.dataset).forEach(function (key) { button.dataset[key] = link.dataset[key]; });
        while (link.firstChild) { button.appendChild(link.firstChild); }
        link.parentNode.replaceChild(button, link);
        buttons.push(button);
      });
      buttons.forEach(function (button, index) {
        button.addEventListener("click", function () { show(button); });
        button.addEventListener("keydown", function (event) {
          var next = null;
          if (event.key === "ArrowRight" || event.key === "ArrowDown") { next = (index + 1) % buttons.length; }
          if (event.key === "ArrowLeft" || event.key === "ArrowUp") { next = (index - 1 + buttons.length) % buttons.length; }
          if (event.key === "Home") { next = 0; }
          if (event.key === "End") { next = buttons.length - 1; }
          if (next === null) { return; }
          event.preventDefault();
          show(buttons[next]);
          buttons[next].focus();
        });
      });
      if (buttons.length) { show(buttons[0]); }
    }

    if (!dialog || typeof dialog.showModal !== "function") { return; }
    var image = dialog.querySelector("[data-gallery-dialog-image]");

    function open(event) {
      if (event) { event.preventDefault(); }
      opener = document.activeElement;
      image.src = large;
      image.alt = main.alt;
      dialog.showModal();
      dialog.querySelector("[data-gallery-dialog-close]").focus();
    }

    if (zoom) {
      zoom.hidden = false;
      zoom.addEventListener("click", open);
    }
    if (mainLink) { mainLink.addEventListener("click", open); }
    dialog.querySelector("[data-gallery-dialog-close]").addEventListener("click", function () { dialog.close(); });
    // A click on the backdrop (the dialog box itself, outside the photo) closes it too.
    dialog.addEventListener("click", function (event) { if (event.target === dialog) { dialog.close(); } });
    // Escape closes a modal dialog natively; either way, focus goes back where it came from.
    dialog.addEventListener("close", function () {
      if (opener && typeof opener.focus === "function") { opener.focus(); }
    });
  }

  // ---- Variant picker: the chosen size's price, old price, stock and quantity limit ----
  function setUpVariants(form) {
    var radios = form.querySelectorAll('input[name="variant_id"]');
    var quantity = form.querySelector('input[name="quantity"]');

    function update() {
      var chosen = form.querySelector('input[name="variant_id"]:checked');
      if (!chosen) { return; }
      document.querySelectorAll("[data-product-price]").forEach(function (node) {
        node.textContent = chosen.getAttribute("data-price-text");
      });
      var compareText = chosen.getAttribute("data-compare-text");
      document.querySelectorAll("[data-product-compare]").forEach(function (node) {
        node.hidden = !compareText;
        var text = node.querySelector("[data-product-compare-text]");
        if (text) { text.textContent = compareText; }
      });
      var available = parseInt(chosen.getAttribute("data-available"), 10) || 0;
      document.querySelectorAll("[data-product-stock]").forEach(function (node) {
        node.textContent = chosen.getAttribute("data-stock-text");
        node.classList.toggle("is-sold-out", available < 1);
      });
      if (quantity) {
        quantity.max = String(Math.max(available, 1));
        if (parseInt(quantity.value, 10) > available) { quantity.value = String(Math.max(available, 1)); }
        updateStepper(quantity);
      }
    }

    radios.forEach(function (radio) { radio.addEventListener("change", update); });
  }

  // ---- Quantity stepper: − and + within min and max ----
  function updateStepper(input) {
    var stepper = input.closest("[data-stepper]");
    if (!stepper) { return; }
    var value = parseInt(input.value, 10) || 0;
    var min = parseInt(input.min, 10) || 1;
    var max = parseInt(input.max, 10) || Infinity;
    stepper.querySelector('[data-step="-1"]').disabled = value <= min;
    stepper.querySelector('[data-step="1"]').disabled = value >= max;
  }

  function setUpStepper(stepper) {
    var input = stepper.querySelector('input[type="number"]');
    stepper.querySelectorAll("[data-step]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var step = parseInt(button.getAttribute("data-step"), 10);
        var min = parseInt(input.min, 10) || 1;
        var max = parseInt(input.max, 10) || Infinity;
        var value = (parseInt(input.value, 10) || min) + step;
        input.value = String(Math.min(Math.max(value, min), max));
        input.dispatchEvent(new Event("change", { bubbles: true }));
        updateStepper(input);
      });
    });
    input.addEventListener("input", function () { updateStepper(input); });
    updateStepper(input);
  }

  // ---- Sticky add-to-cart bar (phones): shown once the buy box has scrolled up out of view ----
  function setUpStickyBar(bar) {
    var box = document.querySelector("[data-buy-box]");
    if (!box || !("IntersectionObserver" in window)) { return; }
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        // Above the viewport only: a buy box still below the fold is where the shopper is heading.
        var passed = !entry.isIntersecting && entry.boundingClientRect.bottom < 0;
        bar.hidden = !passed;
        document.body.classList.toggle("has-sticky-buy", passed);
      });
    });
    observer.observe(box);
  }

  // ---- Copy link: the Clipboard API, else a selected text field and execCommand ----
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return new Promise(function (resolve, reject) {
      var field = document.createElement("textarea");
      field.value = text;
      field.setAttribute("readonly", "");
      field.className = "visually-hidden";
      document.body.appendChild(field);
      field.select();
      var done = false;
      try { done = document.execCommand("copy"); } catch (error) { done = false; }
      document.body.removeChild(field);
      if (done) { resolve(); } else { reject(new Error("copy refused")); }
    });
  }

  function setUpCopyLink(button) {
    var status = document.querySelector("[data-copy-status]");
    button.hidden = false;
    button.addEventListener("click", function () {
      copyText(button.getAttribute("data-copy-link")).then(function () {
        if (!status) { return; }
        // Emptied first so that a second copy is announced again.
        status.textContent = "";
        window.setTimeout(function () { status.textContent = status.getAttribute("data-copied-text"); }, 50);
      }, function () {
        window.prompt("", button.getAttribute("data-copy-link"));
      });
    });
  }

  function start() {
    document.querySelectorAll("[data-gallery]").forEach(setUpGallery);
    document.querySelectorAll("form[data-cart-add]").forEach(setUpVariants);
    document.querySelectorAll("[data-stepper]").forEach(setUpStepper);
    document.querySelectorAll("[data-sticky-buy]").forEach(setUpStickyBar);
    document.querySelectorAll("[data-copy-link]").forEach(setUpCopyLink);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
