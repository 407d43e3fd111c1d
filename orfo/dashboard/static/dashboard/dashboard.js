// Keyboard shortcuts for the inbox and the issue page (press ? for the list).
(function () {
  "use strict";
  var rows = Array.prototype.slice.call(document.querySelectorAll("tr.issue-row"));
  var issue = document.querySelector("article.issue");
  var help = document.getElementById("shortcuts");
  var current = -1;

  function select(i) {
    if (!rows.length) return;
    current = Math.max(0, Math.min(rows.length - 1, i));
    rows.forEach(function (row, n) { row.classList.toggle("current", n === current); });
    rows[current].scrollIntoView({ block: "nearest" });
  }

  function act(action) {
    if (issue) {
      var button = document.querySelector('#status-form button[data-key="' + action + '"]');
      if (button) button.click();
      return;
    }

    if (current < 0) return;
    var form = document.getElementById("bulk");
    var names = { r: "resolve", i: "ignore", s: "spam" };
    form.querySelectorAll('input[name="issue"]').forEach(function (box) { box.checked = false; });
    rows[current].querySelector('input[name="issue"]').checked = true;
    form.querySelector('select[name="action"]').value = names[action];
    form.submit();
  }

  // The issue page: "a" accepts the first correction listed (resolved with it),
  // "n" resolves; either then opens the next issue of the inbox list.
  function resolveAndNext(action) {
    var button = action === "a"
      ? document.querySelector(".corrections form.accept button")
      : document.querySelector("#resolve-next-form button");
    if (button) button.click();
  }

  function live() {
    var holder = issue || rows[current];
    if (holder && holder.dataset.live) window.open(holder.dataset.live, "_blank", "noopener");
  }

  // The shortcut a key press means. A Latin letter counts as itself (so QWERTY,
  // AZERTY and Dvorak use the letters printed on the keys); on a Cyrillic
  // (Russian, Kazakh) or other non-Latin layout the physical key decides, so
  // the key marked J/О selects the next issue without switching the layout.
  // "?" is Shift+Slash wherever that key is, or any key that types "?"
  // (Shift+7 on the Russian layout).
  function shortcutOf(event) {
    var key = event.key || "";
    var code = event.code || "";
    if (key === "?" || (code === "Slash" && event.shiftKey)) return "?";
    if (key === "Enter") return key;
    if (/^[a-z]$/.test(key)) return key;
    var physical = /^Key([A-Z])$/.exec(code);
    if (physical && !event.shiftKey && !/^[A-Za-z]$/.test(key)) {
      return physical[1].toLowerCase();
    }
    return "";
  }

  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (target.closest && target.closest("input, textarea, select, [contenteditable]")) return;
    var shortcut = shortcutOf(event);
    if (help && help.open && shortcut !== "?") return;
    switch (shortcut) {
      case "j": select(current + 1); break;
      case "k": select(current - 1); break;
      case "Enter":
        if (current < 0 || (target.closest && target.closest("a, button"))) return;
        window.location = rows[current].dataset.href; break;
      case "x":
        if (current >= 0) {
          var box = rows[current].querySelector('input[name="issue"]');
          box.checked = !box.checked;
        }
        break;
      case "r": case "i": case "s": act(shortcut); break;
      case "a": case "n":
        if (!issue) return;
        resolveAndNext(shortcut); break;
      case "o": live(); break;
      case "?":
        if (help) { help.open ? help.close() : help.showModal(); }
        break;
      default: return;
    }
    event.preventDefault();
  });
})();
