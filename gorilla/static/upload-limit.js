// File inputs with data-max-bytes refuse a file over the upload limit before the form is sent:
// the file is taken out again and the field shows data-too-large (the server checks too).
document.addEventListener("change", (event) => {
  const input = event.target;
  if (!(input instanceof HTMLInputElement) || !input.dataset.maxBytes) return;
  const limit = Number(input.dataset.maxBytes);
  const tooLarge = Array.from(input.files || []).some((file) => file.size > limit);
  let error = input.parentElement.querySelector("[data-upload-error]");
  if (!tooLarge) {
    if (error) error.remove();
    input.removeAttribute("aria-invalid");
    return;
  }
  input.value = "";
  input.setAttribute("aria-invalid", "true");
  if (!error) {
    error = document.createElement("p");
    error.className = "error";
    error.dataset.uploadError = "";
    error.setAttribute("role", "alert");
    input.insertAdjacentElement("afterend", error);
  }
  error.textContent = input.dataset.tooLarge;
});
