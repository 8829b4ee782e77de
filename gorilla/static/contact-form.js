// Contact form helpers: show/generate password; notifications follow permissions until
// staff change a notification themselves (the server applies the same rule on create).
(() => {
  const form = document.querySelector("form.contact-form");
  if (!form) return;
  const password = form.querySelector("input[name=password]");
  const show = form.querySelector("[data-password-show]");
  const generate = form.querySelector("[data-password-generate]");
  show.addEventListener("click", () => {
    password.type = password.type === "password" ? "text" : "password";
  });
  generate.addEventListener("click", () => {
    const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789!$%&*+-?";
    const bytes = crypto.getRandomValues(new Uint32Array(16));
    password.value = Array.from(bytes, (n) => alphabet[n % alphabet.length]).join("");
    password.type = "text";
  });

  if (!form.hasAttribute("data-follow-permissions")) return;
  const map = JSON.parse(document.getElementById("notification-map").textContent);
  let touched = false;
  form.querySelectorAll("[data-notifications] input").forEach((box) => {
    box.addEventListener("change", () => { touched = true; });
  });
  form.querySelectorAll("[data-permissions] input").forEach((box) => {
    box.addEventListener("change", () => {
      if (touched) return;
      (map[box.value] || []).forEach((flag) => {
        const target = form.querySelector(`input[name=${flag}]`);
        if (target) target.checked = box.checked;
      });
    });
  });
})();
