// Keyboard shortcuts on the desk's queue and case pages (listed behind "?").
//   j / k  next / previous case (in the queue: the list; on a case: the queue it was opened from)
//   c      claim (the case shown, or the case focused in the queue)
//   n      focus the internal note     m  focus the message to the reporter
//   ?      this list
// Never while typing in a field, nor with Ctrl, Alt or Meta held.
(function () {
  "use strict";
  var root = document.querySelector("[data-shortcuts]");
  if (!root) {
    return;
  }
  var dialog = document.getElementById("shortcuts");
  var opener = document.getElementById("shortcuts-open");
  var closer = document.getElementById("shortcuts-close");
  var ORDER_KEY = "irs-desk-queue-order";
  var page = root.getAttribute("data-shortcuts");

  function typing(target) {
    if (!target || !target.tagName) {
      return false;
    }
    var tag = target.tagName.toLowerCase();
    return tag === "input" || tag === "textarea" || tag === "select" || target.isContentEditable;
  }

  function caseLinks() {
    return Array.prototype.slice.call(document.querySelectorAll("td.reference > a"));
  }

  function openDialog() {
    if (dialog && !dialog.open) {
      dialog.showModal();
      if (closer) {
        closer.focus();
      }
    }
  }

  if (opener && dialog && typeof dialog.showModal === "function") {
    opener.hidden = false;
    opener.addEventListener("click", openDialog);
  }
  if (closer && dialog) {
    closer.addEventListener("click", function () {
      dialog.close();
    });
  }
  if (dialog) {
    dialog.addEventListener("close", function () {
      if (opener && !opener.hidden) {
        opener.focus();
      }
    });
  }

  // The queue page remembers its order so j/k on a case page can follow it.
  if (page === "queue") {
    try {
      sessionStorage.setItem(
        ORDER_KEY,
        JSON.stringify(caseLinks().map(function (a) { return a.getAttribute("href"); }))
      );
    } catch (e) {
      // storage refused (private mode): j/k on case pages simply do nothing
    }
  }

  function moveInQueue(step) {
    var links = caseLinks();
    if (!links.length) {
      return;
    }
    var index = links.indexOf(document.activeElement);
    var next = index === -1 ? (step > 0 ? 0 : links.length - 1) : index + step;
    if (next >= 0 && next < links.length) {
      links[next].focus();
      links[next].scrollIntoView({ block: "nearest" });
    }
  }

  function moveFromCase(step) {
    var order;
    try {
      order = JSON.parse(sessionStorage.getItem(ORDER_KEY) || "[]");
    } catch (e) {
      return;
    }
    var index = order.indexOf(window.location.pathname);
    if (index !== -1 && order[index + step]) {
      window.location.assign(order[index + step]);
    }
  }

  function claim() {
    if (page === "case") {
      var form = document.getElementById("claim");
      if (form) {
        form.submit();
      }
      return;
    }
    var focused = document.activeElement;
    var token = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (caseLinks().indexOf(focused) === -1 || !token) {
      return;
    }
    var post = document.createElement("form");
    post.method = "post";
    post.action = focused.getAttribute("href") + "/claim";
    var field = document.createElement("input");
    field.type = "hidden";
    field.name = "csrfmiddlewaretoken";
    field.value = token.value;
    post.appendChild(field);
    document.body.appendChild(post);
    post.submit();
  }

  function focusField(id) {
    var field = document.getElementById(id);
    if (field) {
      field.focus();
      field.scrollIntoView({ block: "center" });
    }
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.altKey || event.metaKey || event.defaultPrevented) {
      return;
    }
    if (typing(event.target) || (dialog && dialog.open)) {
      return;
    }
    var actions = {
      j: function () { if (page === "queue") { moveInQueue(1); } else { moveFromCase(1); } },
      k: function () { if (page === "queue") { moveInQueue(-1); } else { moveFromCase(-1); } },
      c: claim,
      n: function () { focusField("a-note"); },
      m: function () { focusField("a-message"); },
      "?": openDialog
    };
    var action = actions[event.key];
    if (action) {
      event.preventDefault();
      action();
    }
  });
})();
