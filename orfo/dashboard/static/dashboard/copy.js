// Copy buttons: <button data-copy="ID"> copies the text of element ID and says so
// in its data-copied words (announced: the status element is a live region).
(function () {
  "use strict";

  function copied(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    // Plain http (an intranet Orfo): the clipboard API is not offered there.
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var ok = document.execCommand("copy");
    document.body.removeChild(area);
    return ok ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }

  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var source = document.getElementById(button.dataset.copy);
    var status = document.getElementById(button.dataset.copy + "-status");
    if (!source) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      copied(source.textContent).then(
        function () { if (status) status.textContent = button.dataset.copied; },
        function () { if (status) status.textContent = button.dataset.failed; }
      );
    });
  });
})();
