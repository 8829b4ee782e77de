// Forms with data-upload-progress send their file with XMLHttpRequest and show the upload in
// their <progress> element; the answer (next page or the form with its errors) replaces the
// page. Without JavaScript the form is sent as usual.
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !("uploadProgress" in form.dataset)) return;
  if (!window.FormData || !window.XMLHttpRequest) return;
  event.preventDefault();
  const bar = form.querySelector("progress");
  const uploading = form.querySelector("[data-progress-text]");
  const processing = form.querySelector("[data-processing-text]");
  const request = new XMLHttpRequest();
  request.open(form.method || "post", form.action || window.location.href);
  request.upload.addEventListener("progress", (progress) => {
    if (!progress.lengthComputable) return;
    bar.value = Math.round((100 * progress.loaded) / progress.total);
    if (progress.loaded >= progress.total) {
      uploading.hidden = true;
      processing.hidden = false;
    }
  });
  request.addEventListener("load", () => {
    const next = request.responseURL;
    document.open();
    document.write(request.responseText);
    document.close();
    if (next && next !== window.location.href) window.history.replaceState(null, "", next);
  });
  request.addEventListener("error", () => form.submit());
  bar.hidden = false;
  uploading.hidden = false;
  form.querySelectorAll("button[type=submit]").forEach((button) => { button.disabled = true; });
  request.send(new FormData(form));
});
