// Storefront enhancements. Every page works without this file: the search form submits, the
// filter form has its own button, the listing's links and pages are plain GET links. (The
// product page's gallery is product.js.)
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

  function openWide(root) {
    if (window.matchMedia("(min-width: 48rem)").matches) {
      root.querySelectorAll("details[data-open-wide]").forEach(function (d) { d.open = true; });
    }
  }

  function setUpFilters(listing) {
    document.addEventListener("submit", function (event) {
      var form = event.target;
      if (!form.hasAttribute || !form.hasAttribute("data-autosubmit-form")) { return; }
      if (listing && listing.owns(form)) {
        event.preventDefault();
        listing.submit(form, null);
      } else {
        dropEmptyFields(form);
      }
    });
    window.addEventListener("pageshow", function () {
      // Coming back with the Back button: the fields disabled before leaving are live again.
      document.querySelectorAll("form[data-autosubmit-form] [disabled]").forEach(function (f) { f.disabled = false; });
    });
    // Delegated, so that the fields of a listing swapped in by the script submit too.
    document.addEventListener("change", function (event) {
      var field = event.target;
      if (!field.hasAttribute || !field.hasAttribute("data-autosubmit") || !field.form) { return; }
      var form = field.form;
      if (listing && listing.owns(form)) { listing.submit(form, field); return; }
      if (form.hasAttribute("data-autosubmit-form")) { dropEmptyFields(form); }
      form.submit();
    });
    document.querySelectorAll(".js-hidden").forEach(function (el) { el.hidden = true; });
    openWide(document);
  }

  // ---- Listing: facets, sort and pages swap the results in place, the URL kept in sync ----
  // The server sends only the listing's region for ?partial=1 (the same template the page
  // includes), so the page without this script is the same page, one full load at a time.
  function setUpListing() {
    var region = document.querySelector("[data-listing-region]");
    var status = document.querySelector("[data-listing-status]");
    if (!region || !window.fetch || !window.URL || !(window.history && history.pushState)) { return null; }
    var path = window.location.pathname;
    var controller = null;

    function withPartial(url) {
      var u = new URL(url, window.location.href);
      u.searchParams.set("partial", "1");
      return u.toString();
    }

    function withoutPartial(url) {
      var u = new URL(url, window.location.href);
      u.searchParams.delete("partial");
      return u.pathname + u.search;
    }

    function openPanels() {
      // Which <details> were open, by id or by their fieldset's legend: kept across the swap.
      var open = {};
      region.querySelectorAll("details").forEach(function (d) { open[panelKey(d)] = d.open; });
      return open;
    }

    function panelKey(details) {
      if (details.id) { return "#" + details.id; }
      var legend = details.closest("fieldset") && details.closest("fieldset").querySelector("legend");
      return legend ? legend.textContent : "";
    }

    function announce(text) {
      if (!status) { return; }
      status.textContent = "";
      // Emptied first so that the same count ("24 products") is announced again.
      setTimeout(function () { status.textContent = text; }, 50);
    }

    function load(url, options) {
      if (controller) { controller.abort(); }
      controller = "AbortController" in window ? new AbortController() : null;
      var panels = openPanels();
      var finalUrl = withoutPartial(url);
      region.setAttribute("aria-busy", "true");
      return fetch(withPartial(url), {
        headers: { "X-Requested-With": "fetch" },
        credentials: "same-origin",
        signal: controller ? controller.signal : undefined,
      })
        .then(function (response) {
          if (!response.ok) { throw new Error("HTTP " + response.status); }
          // A page past the end redirects to the last one: the address bar says which.
          if (response.redirected && response.url) { finalUrl = withoutPartial(response.url); }
          return response.text();
        })
        .then(function (html) {
          region.innerHTML = html;
          region.removeAttribute("aria-busy");
          openWide(region);
          region.querySelectorAll("details").forEach(function (d) {
            var key = panelKey(d);
            if (Object.prototype.hasOwnProperty.call(panels, key)) { d.open = panels[key]; }
          });
          var fragment = region.querySelector("[data-listing-title]");
          if (fragment) {
            finalUrl = fragment.getAttribute("data-listing-url") || finalUrl;
            document.title = fragment.getAttribute("data-listing-title");
            announce(fragment.getAttribute("data-listing-count"));
          }
          if (options.push) {
            history.pushState({ listing: true }, "", finalUrl);
          } else if (finalUrl !== window.location.pathname + window.location.search) {
            history.replaceState({ listing: true }, "", finalUrl);
          }
          var target = options.focusId && document.getElementById(options.focusId);
          if (target) {
            target.focus();
          } else if (options.focusHeading) {
            var heading = document.getElementById("listing-heading");
            if (heading) { heading.focus(); }
          }
        })
        .catch(function (error) {
          if (error && error.name === "AbortError") { return; }
          region.removeAttribute("aria-busy");
          window.location.assign(finalUrl); // offline or a server error: the plain page
        });
    }

    function formUrl(form) {
      var params = new URLSearchParams();
      new FormData(form).forEach(function (value, name) {
        if (value !== "") { params.append(name, value); } // as dropEmptyFields does
      });
      var query = params.toString();
      return path + (query ? "?" + query : "");
    }

    region.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest("a[href]");
      if (!link || event.defaultPrevented || event.button !== 0) { return; }
      if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey || link.target) { return; }
      var url = new URL(link.href, window.location.href);
      if (url.origin !== window.location.origin || url.pathname !== path) { return; }
      event.preventDefault();
      load(url.toString(), { push: true, focusHeading: true });
    });

    history.replaceState({ listing: true }, "", window.location.href);
    window.addEventListener("popstate", function () {
      if (window.location.pathname === path) { load(window.location.href, { push: false }); }
    });

    return {
      owns: function (form) { return region.contains(form); },
      submit: function (form, field) {
        load(formUrl(form), { push: true, focusId: field ? field.id : null, focusHeading: !field });
      },
    };
  }

  function start() {
    document.querySelectorAll("input[data-suggest-url]").forEach(setUpSuggestions);
    setUpFilters(setUpListing());
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
