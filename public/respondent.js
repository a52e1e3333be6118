/* Progressive enhancement of the respondent page (src/server/responses/respondent-document.ts); the page works without it. */
(function () {
  document.querySelectorAll("form.r-form").forEach(function (form) {
    form.addEventListener("submit", function () {
      var button = form.querySelector("button[type=submit]");
      if (!button) return;
      setTimeout(function () { button.disabled = true; button.setAttribute("aria-busy", "true"); }, 0);
    });
  });
  document.querySelectorAll("textarea[maxlength]").forEach(function (area) {
    var hint = area.getAttribute("aria-describedby") && document.getElementById(area.getAttribute("aria-describedby"));
    if (!hint) return;
    var base = hint.textContent;
    var max = Number(area.getAttribute("maxlength"));
    area.addEventListener("input", function () { hint.textContent = base + " · " + area.value.length + " / " + max; });
  });
})();
