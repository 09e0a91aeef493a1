// Storefront enhancements. Every page works without this file: the search form submits, the
// filter form has its own button, the gallery thumbnails link to the full-size photos.
(function () {
  "use strict";

  // ---- Search suggestions: an ARIA 1.2 combobox with a listbox popup ----
  function setUpSuggestions(input) {
    var url = input.getAttribute("data-suggest-url");
    var form = input.form;
    var listId = input.id + "-listbox";
    var list = document.createElement("ul");
    var status = document.createElement("p");
    var options = [];
    var active = -1;
    var timer = null;
    var lastQuery = null;
    var controller = null;

    list.id = listId;
    list.className = "suggestions";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", input.labels && input.labels[0] ? input.labels[0].textContent : "");
    list.hidden = true;
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    input.parentNode.appendChild(list);
    input.parentNode.appendChild(status);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      options.forEach(function (li, i) { li.setAttribute("aria-selected", i === index ? "true" : "false"); });
      active = index;
      if (index >= 0) {
        input.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function render(suggestions) {
      list.textContent = "";
      options = suggestions.map(function (s, i) {
        var li = document.createElement("li");
        li.id = listId + "-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.className = "suggestion suggestion-" + s.kind;
        li.dataset.url = s.url;
        li.textContent = s.label;
        // mousedown, not click: a click would blur the input and close the list first.
        li.addEventListener("mousedown", function (event) {
          event.preventDefault();
          window.location.assign(s.url);
        });
        list.appendChild(li);
        return li;
      });
      active = -1;
      input.removeAttribute("aria-activedescendant");
      if (options.length) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
      } else {
        close();
      }
      var template = input.getAttribute("data-suggest-status") || "%(count)s";
      status.textContent = options.length ? template.replace("%(count)s", options.length) : "";
    }

    function fetchSuggestions() {
      var query = input.value.trim();
      if (query === lastQuery) { return; }
      lastQuery = query;
      if (query.length < 2) { render([]); return; }
      if (controller) { controller.abort(); }
      controller = "AbortController" in window ? new AbortController() : null;
      fetch(url + "?q=" + encodeURIComponent(query), {
        headers: { Accept: "application/json" },
        signal: controller ? controller.signal : undefined,
      })
        .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
        .then(function (data) { if (input.value.trim() === query) { render(data.suggestions || []); } })
        .catch(function () { /* offline or aborted: the form still submits */ });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(fetchSuggestions, 150); // one request per pause, not per keystroke
    });
    input.addEventListener("keydown", function (event) {
      var open = !list.hidden && options.length;
      if (event.key === "ArrowDown") {
        if (!open) { lastQuery = null; fetchSuggestions(); return; }
        event.preventDefault();
        highlight(active + 1 >= options.length ? 0 : active + 1);
      } else if (event.key === "ArrowUp") {
        if (!open) { return; }
        event.preventDefault();
        highlight(active <= 0 ? options.length - 1 : active - 1);
      } else if (event.key === "Enter") {
        if (open && active >= 0) {
          event.preventDefault();
          window.location.assign(options[active].dataset.url);
        } // otherwise the form submits the typed words
      } else if (event.key === "Escape") {
        if (open) { event.preventDefault(); close(); } else { input.value = ""; }
      }
    });
    input.addEventListener("blur", function () { setTimeout(close, 100); });
    if (form) { form.addEventListener("submit", close); }
  }

  // ---- Filters: submit on change; the panel starts open on wide screens ----
  function dropEmptyFields(form) {
    // Empty price boxes and the default sort would put "price_min=&sort=" in the URL: the
    // page is the same without them, and a shared link reads better.
    form.querySelectorAll("input[name], select[name]").forEach(function (field) {
      if (field.value === "" && field.type !== "checkbox") { field.disabled = true; }
    });
  }

  function setUpFilters() {
    document.querySelectorAll("form[data-autosubmit-form]").forEach(function (form) {
      form.addEventListener("submit", function () { dropEmptyFields(form); });
    });
    window.addEventListener("pageshow", function () {
      // Coming back with the Back button: the fields disabled before leaving are live again.
      document.querySelectorAll("form[data-autosubmit-form] [disabled]").forEach(function (f) { f.disabled = false; });
    });
    document.querySelectorAll("[data-autosubmit]").forEach(function (field) {
      field.addEventListener("change", function () {
        var form = field.form;
        if (!form) { return; }
        if (form.hasAttribute("data-autosubmit-form")) { dropEmptyFields(form); }
        form.submit();
      });
    });
    document.querySelectorAll(".js-hidden").forEach(function (el) { el.hidden = true; });
    if (window.matchMedia("(min-width: 48rem)").matches) {
      document.querySelectorAll("details[data-open-wide]").forEach(function (d) { d.open = true; });
    }
  }

  // ---- Gallery: a thumbnail shows its photo in the main frame ----
  function setUpGallery() {
    var main = document.getElementById("gallery-main");
    var mainLink = document.getElementById("gallery-main-link");
    if (!main) { return; }
    document.querySelectorAll("[data-gallery-src]").forEach(function (link) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        main.src = link.getAttribute("data-gallery-src");
        main.alt = link.getAttribute("data-gallery-alt");
        if (mainLink) { mainLink.href = link.href; }
        document.querySelectorAll("[data-gallery-src]").forEach(function (other) {
          if (other === link) { other.setAttribute("aria-current", "true"); } else { other.removeAttribute("aria-current"); }
        });
      });
    });
  }

  function start() {
    document.querySelectorAll("input[data-suggest-url]").forEach(setUpSuggestions);
    setUpFilters();
    setUpGallery();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
