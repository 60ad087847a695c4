/* Small progressive enhancements; every page works without them.
 * 1. The language links keep the fragment (#statement-12) so a reader lands on the same
 *    statement or photo in the other language.
 * 2. "Copy citation" buttons copy their block's text to the clipboard.
 */
(function () {
  "use strict";

  function keepFragment() {
    var links = document.querySelectorAll("a[data-keep-fragment]");
    for (var i = 0; i < links.length; i++) {
      var link = links[i];
      var base = link.getAttribute("href").split("#")[0];
      link.setAttribute("href", base + window.location.hash);
    }
  }

  function enableCopyButtons() {
    var buttons = document.querySelectorAll("button[data-copy-target]");
    if (!navigator.clipboard) {
      return;
    }
    for (var i = 0; i < buttons.length; i++) {
      var button = buttons[i];
      button.hidden = false;
      button.addEventListener("click", function (event) {
        var target = document.getElementById(event.currentTarget.dataset.copyTarget);
        var clicked = event.currentTarget;
        var text = target.textContent.replace(/\s+/g, " ").trim();
        navigator.clipboard.writeText(text).then(function () {
          clicked.textContent = clicked.dataset.copiedLabel;
        });
      });
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    keepFragment();
    enableCopyButtons();
  });
  window.addEventListener("hashchange", keepFragment);
})();
