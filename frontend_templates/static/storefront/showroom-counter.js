// The showroom counter, enhanced: a scan field (a USB scanner types the code and Enter; phones
// use the camera through BarcodeDetector where the browser has it), the +/− buttons of each
// line in place (never below 1 nor above what the showroom holds), the listed price filled in,
// the running total and the change due, one submission per sale, sales kept in the browser
// while the network is down and sent with their sale id when it is back (the server records
// each id once), and printing the receipt.
//
// The page carries the showroom's first 500 products; a bigger showroom is searched on the
// server (data-search-url, by name without diacritics, SKU or barcode). Without this script
// the same form works: every button posts it and the server does the same steps.
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

  function whole(text) {
    var n = parseInt(String(text || "").replace(/\D/g, ""), 10);
    return isNaN(n) ? null : n;
  }

  var printButton = document.querySelector("[data-print]");
  if (printButton) {
    printButton.hidden = false;
    printButton.addEventListener("click", function () { window.print(); });
  }

  var form = document.querySelector("form[data-counter]");
  if (!form) return;
  var dataNode = document.getElementById("counter-catalogue");
  var complete = form.dataset.catalogueComplete === "true";
  var bySku = {}, byGtin = {};
  function learn(item) {
    item.folded = fold(item.name + " " + item.sku);
    bySku[item.sku] = item;
    if (item.gtin) byGtin[item.gtin] = item;
  }
  (dataNode ? JSON.parse(dataNode.textContent) : []).forEach(learn);
  var scan = form.querySelector("[data-scan]");
  var results = form.querySelector("[data-scan-results]");
  var totalNode = form.querySelector("[data-basket-total]");
  var changeNode = form.querySelector("[data-change]");
  var statusNode = document.querySelector("[data-offline-status]");

  // The scan field replaces the server-side search box.
  form.querySelector("[data-scan-block]").hidden = false;
  form.querySelector("[data-find-block]").hidden = true;

  function rows() {
    return Array.prototype.map.call(form.querySelectorAll("tr[data-line]"), function (tr) {
      var i = tr.dataset.line;
      return { sku: document.getElementById("sku-" + i),
               quantity: document.getElementById("quantity-" + i),
               price: document.getElementById("unit_price-" + i),
               steps: tr.querySelectorAll("[data-step]") };
    });
  }

  function say(text) {
    if (statusNode) { statusNode.hidden = !text; statusNode.textContent = text || ""; }
  }

  // A line's quantity between 1 and what the showroom holds (when the page knows it).
  function clamp(row, wanted) {
    var item = bySku[row.sku.value.trim()];
    var ceiling = item ? Math.max(item.available, 1) : wanted;
    if (item) row.quantity.max = ceiling;
    if (wanted > ceiling) say(form.dataset.limitLabel);
    row.quantity.value = Math.max(1, Math.min(wanted, ceiling));
  }

  function total() {
    return rows().reduce(function (sum, row) {
      var item = bySku[row.sku.value.trim()];
      var quantity = whole(row.quantity.value) || (row.sku.value ? 1 : 0);
      var price = whole(row.price.value) || (item ? item.price : 0);
      return sum + quantity * price;
    }, 0);
  }

  function refresh() {
    rows().forEach(function (row) {
      Array.prototype.forEach.call(row.steps, function (b) { b.hidden = !row.sku.value.trim(); });
    });
    var sum = total();
    totalNode.hidden = sum === 0;
    totalNode.textContent = form.dataset.totalLabel ? form.dataset.totalLabel + " " + money(sum) : money(sum);
    var tendered = whole(form.tendered.value);
    changeNode.textContent = tendered >= sum && sum > 0 ? "→ " + money(tendered - sum) : "";
  }

  function add(item) {
    learn(item);
    var list = rows();
    var row = list.filter(function (r) { return r.sku.value.trim() === item.sku; })[0];
    if (row) {
      clamp(row, (whole(row.quantity.value) || 1) + 1);
    } else if (item.available < 1) {
      say(form.dataset.limitLabel);
    } else {
      row = list.filter(function (r) { return !r.sku.value.trim(); })[0];
      if (!row) return false;
      row.sku.value = item.sku;
      row.quantity.value = "1";
      row.quantity.max = item.available;
      row.price.value = item.price;
    }
    refresh();
    return true;
  }

  function offer(found) {
    results.textContent = "";
    if (!found.length) {
      var none = document.createElement("li");
      none.textContent = form.dataset.noneLabel;
      results.appendChild(none);
    }
    found.slice(0, 8).forEach(function (c) {
      var li = document.createElement("li");
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = c.name + " (" + c.sku + ") " + money(c.price);
      button.addEventListener("click", function () { add(c); results.textContent = ""; scan.focus(); });
      li.appendChild(button);
      results.appendChild(li);
    });
  }

  function searchHere(code) {
    var words = fold(code).split(/\s+/).filter(Boolean);
    return Object.keys(bySku).map(function (sku) { return bySku[sku]; }).filter(function (c) {
      return words.every(function (w) { return c.folded.indexOf(w) !== -1; });
    });
  }

  function searchServer(code) {
    var url = form.dataset.searchUrl + "?q=" + encodeURIComponent(code);
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (answer) {
        var found = answer.results || [];
        var exact = found.filter(function (c) { return c.sku === code || c.gtin === code; })[0];
        if (exact) { add(exact); results.textContent = ""; } else { offer(found); }
      })
      .catch(function () { offer(searchHere(code)); });  // offline: what the page carries
  }

  function choose(code) {
    var item = bySku[code] || byGtin[code];
    results.textContent = "";
    if (item) { add(item); return; }
    if (complete) { offer(searchHere(code)); } else { searchServer(code); }
  }

  scan.addEventListener("keydown", function (event) {
    if (event.key !== "Enter") return;
    event.preventDefault();  // a scanner's Enter must not submit the sale
    if (scan.value.trim()) choose(scan.value.trim());
    scan.value = "";
  });
  form.addEventListener("input", refresh);
  // A SKU typed in a line: its listed price, and a quantity within the stock.
  function settle(row) {
    var item = bySku[row.sku.value.trim()];
    if (item && !row.price.value) row.price.value = item.price;
    if (row.quantity.value) clamp(row, whole(row.quantity.value) || 1);
  }
  form.addEventListener("change", function (event) {
    var match = /^(sku|quantity)-(\d+)$/.exec(event.target.id);
    if (!match) return;
    settle(rows()[parseInt(match[2], 10)]);
    refresh();
  });
  rows().forEach(function (row) { if (row.sku.value.trim()) settle(row); });  // typed before this ran

  // +/−: in place for the products the page knows; otherwise the button posts the form.
  form.addEventListener("click", function (event) {
    var button = event.target.closest("[data-step]");
    if (!button) return;
    var row = rows()[parseInt(button.closest("tr[data-line]").dataset.line, 10)];
    if (!bySku[row.sku.value.trim()]) return;
    event.preventDefault();
    say("");
    clamp(row, (whole(row.quantity.value) || 1) + parseInt(button.dataset.step, 10));
    refresh();
  });

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
