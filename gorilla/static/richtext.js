// Markdown editors (macros/richtext.html): toolbar buttons wrap the selection (data-wrap),
// prefix the selected lines (data-line) or insert a link; "Preview" shows the text as the
// server renders it (POST to the text area's data-richtext URL, CSRF token from the form).
function setUpRichText(toolbar) {
  const area = document.getElementById(toolbar.dataset.richtextFor);
  const preview = document.getElementById(`${area.id}-preview`);
  const previewButton = toolbar.querySelector("[data-preview]");
  toolbar.hidden = false;

  function replaceSelection(make) {
    const { selectionStart: start, selectionEnd: end, value } = area;
    const [text, caretFrom, caretTo] = make(value.slice(start, end));
    area.setRangeText(text, start, end, "end");
    area.setSelectionRange(start + caretFrom, start + caretTo);
    area.focus();
    area.dispatchEvent(new Event("input", { bubbles: true }));
  }

  toolbar.addEventListener("click", async (event) => {
    const button = event.target.closest("button");
    if (!button) return;
    if (button.dataset.wrap) {
      const mark = button.dataset.wrap;
      replaceSelection((selected) => [`${mark}${selected}${mark}`, mark.length, mark.length + selected.length]);
    } else if (button.dataset.line) {
      const prefix = button.dataset.line;
      replaceSelection((selected) => {
        const lines = (selected || "").split("\n").map((line) => prefix + line).join("\n");
        return [lines, lines.length, lines.length];
      });
    } else if ("link" in button.dataset) {
      replaceSelection((selected) => {
        const text = `[${selected}](https://)`;
        return [text, text.length - 9, text.length - 1];
      });
    } else if ("preview" in button.dataset) {
      const showing = preview.hidden;
      if (showing) {
        const body = new FormData();
        body.append("text", area.value);
        const token = area.form && area.form.querySelector("input[name=csrf_token]");
        const response = await fetch(area.dataset.richtext, {
          method: "POST",
          body,
          headers: token ? { "X-CSRFToken": token.value } : {},
          credentials: "same-origin",
        });
        preview.innerHTML = response.ok ? await response.text() : "";
      }
      preview.hidden = !showing;
      area.hidden = showing;
      button.setAttribute("aria-pressed", String(showing));
    }
  });
}

document.querySelectorAll("[data-richtext-for]").forEach(setUpRichText);
