// The proofreading page: a finding's fix buttons apply it to the text (marked as
// applied, undoable), and "Copy corrected text" copies the text with the fixes
// applied. Without this script the page shows each finding's suggestions as text
// and the corrected text with every first suggestion applied.
(function () {
  "use strict";
  var text = document.getElementById("proofread-text");
  var area = document.getElementById("corrected-text");
  if (!text || !area) return;
  var status = document.getElementById("proofread-status");
  var help = document.getElementById("corrected-help");
  var copyButton = document.getElementById("copy-corrected");
  var copyStatus = document.getElementById("copy-corrected-status");

  // The text as written, each applied fix in place of its mark's words.
  function correctedText() {
    var out = "";
    text.childNodes.forEach(function (node) {
      var applied = node.nodeType === 1 ? node.getAttribute("data-applied") : null;
      out += applied === null ? node.textContent : applied;
    });
    return out;
  }

  function refresh() {
    area.value = correctedText();
  }

  function say(words) {
    if (status) status.textContent = words;
  }

  function markOf(row) {
    return document.getElementById("finding-" + row.dataset.finding);
  }

  function choose(row, chosen) {
    row.querySelectorAll("button.fix").forEach(function (button) {
      button.setAttribute("aria-pressed", String(button === chosen));
    });
    row.classList.toggle("applied", Boolean(chosen));
    row.querySelector("button.undo").hidden = !chosen;
  }

  function apply(row, button) {
    var mark = markOf(row);
    var fix = button.dataset.fix;
    mark.setAttribute("data-applied", fix);
    mark.classList.add("applied");
    // A deletion (the repeated word) stays visible, struck through.
    mark.classList.toggle("removed", fix === "");
    mark.textContent = fix === "" ? row.dataset.word : fix;
    choose(row, button);
    refresh();
    say(status.dataset.applied + " " + (fix === "" ? button.textContent : "«" + fix + "»"));
  }

  function undo(row) {
    var mark = markOf(row);
    mark.removeAttribute("data-applied");
    mark.classList.remove("applied", "removed");
    mark.textContent = row.dataset.word;
    choose(row, null);
    refresh();
    say(status.dataset.undone + " «" + row.dataset.word.trim() + "»");
    // The undo button is gone: the finding's first fix takes the focus.
    var first = row.querySelector("button.fix");
    if (first) first.focus();
  }

  document.querySelectorAll("li.finding-row").forEach(function (row) {
    if (!markOf(row)) return;
    var fixes = row.querySelectorAll("button.fix");
    // The suggestions as words are for a page without this script (or "—" for none).
    if (fixes.length) {
      row.querySelectorAll(".fix-text").forEach(function (words) { words.hidden = true; });
    }
    fixes.forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { apply(row, button); });
    });
    row.querySelector("button.undo").addEventListener("click", function () { undo(row); });
  });

  // With the buttons, nothing is applied until the editor chooses.
  refresh();
  if (help && help.dataset.applied) help.textContent = help.dataset.applied;

  function copied() {
    if (copyStatus) copyStatus.textContent = copyButton.dataset.copied;
  }

  // Where the clipboard API is refused or missing (plain http), the read-only
  // text area is selected and copied; failing that it stays selected for Ctrl+C.
  function copyBySelecting() {
    area.focus();
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (error) { ok = false; }
    if (copyStatus) copyStatus.textContent = ok ? copyButton.dataset.copied : copyButton.dataset.failed;
  }

  if (copyButton) {
    copyButton.hidden = false;
    copyButton.addEventListener("click", function () {
      refresh();
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(area.value).then(copied, copyBySelecting);
      } else {
        copyBySelecting();
      }
    });
  }
})();
