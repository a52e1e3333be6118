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
  /* The retry page (503): send the kept answer again after Retry-After seconds, unless the respondent is editing it. */
  var retry = document.querySelector("form[data-retry-after]");
  if (retry) {
    var left = Math.max(1, Number(retry.getAttribute("data-retry-after")) || 3);
    var note = retry.querySelector("[data-retry-auto]");
    var count = retry.querySelector("[data-retry-seconds]");
    var editing = false;
    retry.addEventListener("input", function () { editing = true; if (note) note.hidden = true; });
    if (note) note.hidden = false;
    var timer = setInterval(function () {
      if (editing) return clearInterval(timer);
      left -= 1;
      if (count) count.textContent = String(Math.max(left, 0));
      if (left > 0) return;
      clearInterval(timer);
      if (retry.requestSubmit) retry.requestSubmit(); else retry.submit();
    }, 1000);
  }
})();
