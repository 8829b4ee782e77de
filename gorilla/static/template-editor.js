// Email template editor: insert merge fields at the cursor, live preview with sample data.
// The preview is rendered by the server and shown in a sandboxed iframe (no scripts run).
(function () {
  "use strict";
  const form = document.getElementById("template-form");
  if (!form) return;
  const subject = form.elements.subject;
  const body = form.elements.body;
  let target = body;
  let timer = null;

  [subject, body].forEach((element) =>
    element.addEventListener("focus", () => { target = element; })
  );

  async function refresh() {
    const data = new FormData(form);
    const response = await fetch(form.dataset.previewUrl, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-CSRFToken": data.get("csrf_token") },
    });
    if (!response.ok) return;
    const shown = await response.json();
    document.getElementById("preview-subject").textContent = shown.subject;
    document.getElementById("preview-html").srcdoc = shown.html;
    document.getElementById("preview-text").textContent = shown.text;
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(refresh, 300);
  }

  document.querySelectorAll(".chip[data-field]").forEach((chip) =>
    chip.addEventListener("click", () => {
      const start = target.selectionStart ?? target.value.length;
      const end = target.selectionEnd ?? start;
      target.setRangeText(chip.dataset.field, start, end, "end");
      target.focus();
      schedule();
    })
  );
  form.addEventListener("input", schedule);
  document.querySelectorAll("form[data-confirm]").forEach((confirmed) =>
    confirmed.addEventListener("submit", (event) => {
      if (!window.confirm(confirmed.dataset.confirm)) event.preventDefault();
    })
  );
})();
