/* Progressive enhancement for the report forms: character counters and user suggestions.
   Everything works without it: the server counts and checks the same limits. */
(function () {
  "use strict";
  var doc = document;
  // The page carries its translated words (gettext) in a JSON block; English if it doesn't.
  var words = { left: "{n} characters left", over: "{n} characters too many", none: "No suggestions",
    found: "{n} suggestions; use the up and down arrow keys to choose" };
  try {
    var block = doc.getElementById("report-words");
    if (block) { words = JSON.parse(block.textContent); }
  } catch (ignored) { /* keep English */ }
  function t(key, n) {
    return String(words[key]).replace("{n}", String(n));
  }
  // Code points, like the server (a surrogate pair is one character; a line break is one).
  function length(text) {
    return Array.from(text.replace(/\r\n/g, "\n")).length;
  }

  function counter(field) {
    var max = parseInt(field.getAttribute("data-max-chars"), 10);
    var shown = doc.getElementById(field.id + "-counter");
    if (!max || !shown) { return; }
    var live = doc.createElement("span");
    live.className = "visually-hidden";
    live.setAttribute("aria-live", "polite");
    shown.parentNode.insertBefore(live, shown.nextSibling);
    var timer = null;
    function update() {
      var left = max - length(field.value);
      var text = left >= 0 ? t("left", left) : t("over", -left);
      shown.textContent = text;
      shown.classList.toggle("over", left < 0);
      clearTimeout(timer);
      // Announce after a pause in typing, not on every key.
      timer = setTimeout(function () { live.textContent = text; }, 800);
    }
    field.addEventListener("input", update);
    update();
    live.textContent = "";
  }

  function combobox(input) {
    var url = input.getAttribute("data-autocomplete-url");
    var list = doc.createElement("ul");
    var status = doc.createElement("span");
    var options = [];
    var active = -1;
    var request = 0;
    list.id = input.id + "-listbox";
    list.className = "autocomplete-list";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    input.parentNode.classList.add("combobox");
    input.parentNode.insertBefore(list, input.nextSibling);
    input.parentNode.insertBefore(status, list.nextSibling);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);

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
    function choose(index) {
      input.value = options[index].textContent;
      close();
    }
    function show(names) {
      list.textContent = "";
      options = names.map(function (name, i) {
        var li = doc.createElement("li");
        li.id = list.id + "-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.textContent = name;
        li.addEventListener("mousedown", function (event) { event.preventDefault(); choose(i); });
        list.appendChild(li);
        return li;
      });
      if (!options.length) { close(); status.textContent = input.value ? t("none", 0) : ""; return; }
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      status.textContent = t("found", options.length);
      active = -1;
    }
    input.addEventListener("input", function () {
      var prefix = input.value.trim();
      var mine = ++request;
      if (!prefix) { show([]); return; }
      fetch(url + "?q=" + encodeURIComponent(prefix), { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { users: [] }; })
        .then(function (data) { if (mine === request) { show(data.users || []); } })
        .catch(function () { if (mine === request) { show([]); } });
    });
    input.addEventListener("keydown", function (event) {
      if (list.hidden) { return; }
      if (event.key === "ArrowDown") {
        event.preventDefault();
        highlight((active + 1) % options.length);
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        highlight(active <= 0 ? options.length - 1 : active - 1);
      } else if (event.key === "Enter" && active >= 0) {
        event.preventDefault();
        choose(active);
      } else if (event.key === "Escape") {
        event.preventDefault();
        close();
      }
    });
    input.addEventListener("blur", close);
  }

  // The funnel (docs/metrics.md): what only the browser sees, sent with the dialog's random
  // token and nothing else: the Back button to this step, a click on a support link.
  function funnel() {
    var meta = doc.querySelector("meta[name=irs-funnel]");
    if (!meta || !navigator.sendBeacon) { return; }
    function send(name, key, value) {
      var body = new URLSearchParams({ name: name, token: meta.content, wiki: meta.dataset.wiki,
        lang: doc.documentElement.lang || "" });
      if (key) { body.set(key, value); }
      navigator.sendBeacon(meta.dataset.url, body);
    }
    window.addEventListener("pageshow", function (event) {
      var nav = window.performance && performance.getEntriesByType &&
        performance.getEntriesByType("navigation")[0];
      if (event.persisted || (nav && nav.type === "back_forward")) {
        send("back", "step", meta.dataset.step);
      }
    });
    doc.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest("a[data-funnel-link]");
      if (link) { send("support-link", "link", link.getAttribute("data-funnel-link")); }
    });
  }

  // A group shown only with one choice (the kinds of threat, with "Immediate threat"):
  // hidden until that radio is checked. Without the script every choice shows, as before.
  function shownWith(group) {
    var radio = doc.getElementById(group.getAttribute("data-shown-with"));
    if (!radio || !radio.form) { return; }
    function update() { group.hidden = !radio.checked; }
    Array.prototype.forEach.call(radio.form.querySelectorAll('input[name="' + radio.name + '"]'),
      function (other) { other.addEventListener("change", update); });
    update();
  }

  function init() {
    funnel();
    Array.prototype.forEach.call(doc.querySelectorAll("[data-shown-with]"), shownWith);
    Array.prototype.forEach.call(doc.querySelectorAll("textarea[data-max-chars]"), counter);
    Array.prototype.forEach.call(doc.querySelectorAll("input[data-autocomplete-url]"), combobox);
    var summary = doc.getElementById("error-summary");
    if (summary) { summary.focus(); }
  }
  if (doc.readyState === "loading") { doc.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
