// Cart enhancements. Without this file every form still posts: "add to cart" shows the cart,
// each stepper button submits its line's new quantity, "remove" and "update" post the cart.
// With it, adding shows a toast and the cart's numbers change in place.
(function () {
  "use strict";

  var script = document.currentScript;
  var text = {
    cartUrl: (script && script.getAttribute("data-cart-url")) || "/gio-hang/",
    viewCart: (script && script.getAttribute("data-view-cart")) || "View cart",
    close: (script && script.getAttribute("data-close")) || "Close",
    failed: (script && script.getAttribute("data-failed")) || "Something went wrong.",
  };
  var TOAST_MS = 5000;

  function post(form, data) {
    var token = form.querySelector("input[name=csrfmiddlewaretoken]");
    return fetch(form.action, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: {
        Accept: "application/json",
        "X-CSRFToken": token ? token.value : "",
      },
    }).then(function (response) {
      return response.json().then(function (body) {
        return body;
      });
    });
  }

  function setCount(quantity) {
    document.querySelectorAll("[data-cart-count]").forEach(function (element) {
      element.textContent = String(quantity);
      element.hidden = !quantity;
      element.setAttribute("data-cart-count", String(quantity));
    });
  }

  // ---- Toasts: a polite live region, created on first use unless the page has one ----
  function region() {
    var found = document.querySelector(".toast-region");
    if (!found) {
      found = document.createElement("div");
      found.className = "toast-region";
      found.setAttribute("aria-live", "polite");
      document.body.appendChild(found);
    }
    return found;
  }

  function toast(message, detail, isError) {
    var item = document.createElement("div");
    item.className = "toast" + (isError ? " toast-error" : " toast-success");
    item.setAttribute("role", isError ? "alert" : "status");
    var body = document.createElement("p");
    body.className = "toast-message";
    body.textContent = message;
    item.appendChild(body);
    if (detail) {
      var more = document.createElement("p");
      more.className = "toast-detail muted";
      more.textContent = detail;
      item.appendChild(more);
    }
    if (!isError) {
      var link = document.createElement("a");
      link.className = "btn btn-primary btn-sm";
      link.href = text.cartUrl;
      link.textContent = text.viewCart;
      item.appendChild(link);
    }
    var close = document.createElement("button");
    close.type = "button";
    close.className = "btn btn-ghost btn-sm toast-close";
    close.textContent = "×";
    close.setAttribute("aria-label", text.close);
    close.addEventListener("click", function () {
      item.remove();
    });
    item.appendChild(close);
    region().appendChild(item);
    // Kept while hovered or focused, so nobody loses the link while reaching for it.
    var timer = null;
    function later() {
      timer = setTimeout(function () {
        item.remove();
      }, TOAST_MS);
    }
    function hold() {
      clearTimeout(timer);
    }
    item.addEventListener("mouseenter", hold);
    item.addEventListener("focusin", hold);
    item.addEventListener("mouseleave", later);
    item.addEventListener("focusout", later);
    later();
    return item;
  }

  // ---- Add to cart: any form[data-cart-add]; "Mua ngay" (buy_now) submits as usual ----
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-cart-add]")) return;
    var submitter = event.submitter;
    if (submitter && submitter.name === "buy_now") return;
    if (!window.fetch || !window.FormData) return;
    event.preventDefault();
    var data = new FormData(form);
    if (submitter && submitter.name) data.append(submitter.name, submitter.value);
    if (submitter) submitter.disabled = true;
    post(form, data)
      .then(function (body) {
        if (body.ok) {
          setCount(body.quantity);
          var line = body.line || {};
          toast(body.message, [line.variant, line.price].filter(Boolean).join(" · "), false);
        } else {
          toast(body.message || text.failed, "", true);
        }
      })
      .catch(function () {
        toast(text.failed, "", true);
      })
      .then(function () {
        if (submitter) submitter.disabled = false;
      });
  });

  // ---- The cart page: steppers and quantity boxes update in place ----
  function setUpCart(form) {
    var pageError = document.querySelector("[data-cart-error]");

    function showErrors(body) {
      form.querySelectorAll("[data-line]").forEach(function (line) {
        var id = line.getAttribute("data-line");
        var box = line.querySelector("[data-line-error]");
        var input = line.querySelector("input[type=number]");
        var messages = (body.line_errors || {})[id] || [];
        box.textContent = "";
        messages.forEach(function (message) {
          var p = document.createElement("p");
          p.textContent = message;
          box.appendChild(p);
        });
        box.hidden = !messages.length;
        line.classList.toggle("has-error", messages.length > 0);
        if (messages.length) {
          input.setAttribute("aria-invalid", "true");
          input.setAttribute("aria-describedby", box.id);
        } else {
          input.removeAttribute("aria-invalid");
          input.removeAttribute("aria-describedby");
        }
      });
      if (pageError) {
        pageError.textContent = (body.errors || []).join(" ");
        pageError.hidden = !(body.errors || []).length;
      }
    }

    function redraw(body) {
      if (body.empty) {
        window.location.reload(); // the empty cart's page is the server's to draw
        return;
      }
      form.querySelectorAll("[data-line]").forEach(function (line) {
        var found = body.lines[line.getAttribute("data-line")];
        if (!found) {
          if (line.contains(document.activeElement)) {
            // Focus would fall to the page's top: keep it in the cart, on the summary.
            var summary = document.getElementById("cart-summary-title");
            if (summary) {
              summary.setAttribute("tabindex", "-1");
              summary.focus();
            }
          }
          line.remove();
          return;
        }
        var input = line.querySelector("input[type=number]");
        if (document.activeElement !== input || body.ok) input.value = found.quantity;
        line.querySelector("[data-line-total]").textContent = found.total;
        line.querySelector("[data-step='-1']").value = found.quantity - 1;
        line.querySelector("[data-step='1']").value = found.quantity + 1;
      });
      form.querySelectorAll("[data-group]").forEach(function (group) {
        var found = body.groups[group.getAttribute("data-group")];
        if (!found) {
          group.remove();
          return;
        }
        group.querySelector("[data-group-subtotal]").textContent = found.subtotal;
        group.querySelector("[data-group-shipping]").textContent = found.shipping;
      });
      document.querySelector("[data-cart-subtotal]").textContent = body.subtotal;
      document.querySelector("[data-cart-shipping]").textContent = body.shipping;
      document.querySelector("[data-cart-total]").textContent = body.total;
      setCount(body.quantity);
    }

    // One update at a time, in click order: each carries the line's absolute quantity, so the
    // last click wins, and the server never sees two writes of one cart racing.
    var queue = Promise.resolve();

    function update(variantId, quantity, extra) {
      queue = queue.then(function () {
        return send(variantId, quantity, extra);
      });
      return queue;
    }

    function send(variantId, quantity, extra) {
      var data = new FormData();
      data.append("quantity-" + variantId, String(quantity));
      if (extra) data.append(extra.name, extra.value);
      form.setAttribute("aria-busy", "true");
      return post(form, data)
        .then(function (body) {
          redraw(body);
          showErrors(body);
        })
        .catch(function () {
          if (pageError) {
            pageError.textContent = text.failed;
            pageError.hidden = false;
          }
        })
        .then(function () {
          form.removeAttribute("aria-busy");
        });
    }

    document.addEventListener("click", function (event) {
      var button = event.target.closest ? event.target.closest("button") : null;
      if (!button) return;
      var line = button.closest("[data-line]");
      if (!line || !form.contains(line)) return;
      var id = line.getAttribute("data-line");
      var input = line.querySelector("input[type=number]");
      if (button.hasAttribute("data-step")) {
        event.preventDefault();
        var current = parseInt(input.value, 10);
        if (isNaN(current)) current = 0;
        var wanted = Math.max(0, current + parseInt(button.getAttribute("data-step"), 10));
        input.value = wanted;
        update(id, wanted);
      } else if (button.name === "remove") {
        event.preventDefault();
        update(id, 0, { name: "remove", value: id });
      }
    });

    form.addEventListener("change", function (event) {
      var input = event.target;
      if (!input.matches("input[type=number]")) return;
      var line = input.closest("[data-line]");
      var wanted = parseInt(input.value, 10);
      if (!line || isNaN(wanted) || wanted < 0) return; // the server explains on "update"
      update(line.getAttribute("data-line"), wanted);
    });
  }

  document.querySelectorAll("form[data-cart]").forEach(setUpCart);
})();
