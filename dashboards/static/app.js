/* schoolwatch dashboard: the little JavaScript it uses (no third-party code).
   Everything works without it; it only adds "Copy" for drafted letters and
   asks before a dismissal. */
(function () {
  "use strict";

  function copyFrom(button) {
    var target = document.getElementById(button.getAttribute("data-copy-target"));
    if (!target) { return; }
    var done = function () {
      var label = button.textContent;
      button.textContent = "Copied";
      window.setTimeout(function () { button.textContent = label; }, 1500);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(target.value).then(done);
    } else {
      target.focus();
      target.select();
      document.execCommand("copy");
      done();
    }
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest(".js-copy") : null;
    if (button) { copyFrom(button); }
  });

  document.addEventListener("change", function (event) {
    // Filters apply as soon as a menu changes; the Filter button still works without this.
    var field = event.target;
    if (field.form && field.form.classList.contains("filters") && field.tagName === "SELECT") {
      field.form.submit();
    }
  });
})();
