// The showroom counter, enhanced: a scan field (a USB scanner types the code and Enter; phones
// use the camera through BarcodeDetector where the browser has it), the running total and the
// change due, one submission per sale, sales kept in the browser while the network is down
// and sent with their sale id when it is back (the server records each id once), and printing
// the receipt. Without this script the same form posts its lines as typed.
(function () {
  "use strict";
  var QUEUE = "ocop-counter-queue";

  function fold(text) {
    return (text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase().trim();
  }

  function money(n) {
    return new Intl.NumberFormat("vi-VN").format(n) + " ₫";
  }

  var printButton = document.querySelector("[data-print]");
  if (printButton) {
    printButton.hidden = false;
    printButton.addEventListener("click", function () { window.print(); });
  }

  var form = document.querySelector("form[data-counter]");
  if (!form) return;
  var dataNode = document.getElementById("counter-catalogue");
  var catalogue = dataNode ? JSON.parse(dataNode.textContent) : [];
  var bySku = {}, byGtin = {};
  catalogue.forEach(function (item) {
    item.folded = fold(item.name + " " + item.sku);
    bySku[item.sku] = item;
    if (item.gtin) byGtin[item.gtin] = item;
  });
  var scan = form.querySelector("[data-scan]");
  var results = form.querySelector("[data-scan-results]");
  var totalNode = form.querySelector("[data-basket-total]");
  var changeNode = form.querySelector("[data-change]");
  var statusNode = document.querySelector("[data-offline-status]");

  function rows() {
    return Array.prototype.map.call(form.querySelectorAll("input[id^='sku-']"), function (sku) {
      var i = sku.id.slice(4);
      return { sku: sku, quantity: document.getElementById("quantity-" + i),
               price: document.getElementById("unit_price-" + i) };
    });
  }

  function total() {
    return rows().reduce(function (sum, row) {
      var item = bySku[row.sku.value.trim()];
      var quantity = parseInt(row.quantity.value || (row.sku.value ? "1" : "0"), 10) || 0;
      var price = parseInt((row.price.value || "").replace(/\D/g, ""), 10) || (item ? item.price : 0);
      return sum + quantity * price;
    }, 0);
  }

  function refresh() {
    var sum = total();
    totalNode.hidden = sum === 0;
    totalNode.textContent = form.dataset.totalLabel ? form.dataset.totalLabel + " " + money(sum) : money(sum);
    var tendered = parseInt((form.tendered.value || "").replace(/\D/g, ""), 10);
    changeNode.textContent = tendered >= sum && sum > 0 ? "→ " + money(tendered - sum) : "";
  }

  function add(item) {
    var list = rows();
    var row = list.filter(function (r) { return r.sku.value.trim() === item.sku; })[0];
    if (row) {
      row.quantity.value = (parseInt(row.quantity.value || "1", 10) || 1) + 1;
    } else {
      row = list.filter(function (r) { return !r.sku.value.trim(); })[0];
      if (!row) return false;
      row.sku.value = item.sku;
      row.quantity.value = "1";
      row.price.value = item.price;
    }
    refresh();
    return true;
  }

  function choose(code) {
    var item = bySku[code] || byGtin[code];
    results.textContent = "";
    if (item) { add(item); return; }
    var words = fold(code).split(/\s+/).filter(Boolean);
    catalogue.filter(function (c) {
      return words.every(function (w) { return c.folded.indexOf(w) !== -1; });
    }).slice(0, 8).forEach(function (c) {
      var li = document.createElement("li");
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = c.name + " (" + c.sku + ") " + money(c.price);
      button.addEventListener("click", function () { add(c); results.textContent = ""; scan.focus(); });
      li.appendChild(button);
      results.appendChild(li);
    });
  }

  scan.addEventListener("keydown", function (event) {
    if (event.key !== "Enter") return;
    event.preventDefault();  // a scanner's Enter must not submit the sale
    if (scan.value.trim()) choose(scan.value.trim());
    scan.value = "";
  });
  form.addEventListener("input", refresh);

  // Phones: the camera, where the browser can read barcodes.
  var cameraButton = form.querySelector("[data-camera]");
  var video = form.querySelector("[data-camera-view]");
  if ("BarcodeDetector" in window && navigator.mediaDevices) {
    cameraButton.hidden = false;
    cameraButton.addEventListener("click", function () {
      var detector = new window.BarcodeDetector();
      navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } }).then(function (stream) {
        video.srcObject = stream;
        video.hidden = false;
        video.play();
        var timer = setInterval(function () {
          detector.detect(video).then(function (codes) {
            if (!codes.length) return;
            clearInterval(timer);
            stream.getTracks().forEach(function (t) { t.stop(); });
            video.hidden = true;
            choose(codes[0].rawValue);
          });
        }, 300);
      });
    });
  }

  // Offline: keep the sale with its id, send it when the network is back.
  function queue() { try { return JSON.parse(localStorage.getItem(QUEUE) || "[]"); } catch (e) { return []; } }
  function save(list) { localStorage.setItem(QUEUE, JSON.stringify(list)); }
  function say(text) { if (statusNode) { statusNode.hidden = false; statusNode.textContent = text; } }

  function flush() {
    var list = queue();
    if (!list.length || !navigator.onLine) return;
    var token = form.querySelector("[name=csrfmiddlewaretoken]").value;
    var sale = list[0];
    var body = new URLSearchParams(sale);
    body.set("csrfmiddlewaretoken", token);
    body.set("action", "record");
    fetch(form.action || window.location.href, {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRFToken": token }
    }).then(function (response) {
      return response.json().then(function (answer) {
        save(queue().slice(1));  // recorded, or refused for good: either way not sent again
        say(answer.recorded ? form.dataset.sentLabel : (answer.errors || []).join(" "));
        flush();
      });
    }).catch(function () { /* still offline: try again later */ });
  }

  var submitted = false;
  form.addEventListener("submit", function (event) {
    var action = event.submitter ? event.submitter.value : "record";
    if (submitted) { event.preventDefault(); return; }  // one submission per sale
    if (action === "record" && !navigator.onLine) {
      event.preventDefault();
      var entries = {};
      new FormData(form).forEach(function (value, key) { entries[key] = value; });
      var list = queue();
      list.push(entries);
      save(list);
      say(form.dataset.offlineLabel);
      form.reset();
      form.sale.value = (window.crypto && crypto.randomUUID) ? crypto.randomUUID() : String(Date.now());
      refresh();
      return;
    }
    submitted = true;
  });
  window.addEventListener("online", flush);
  flush();
  refresh();
  scan.focus();
})();
