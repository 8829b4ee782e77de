// Sign-up form: suggest the subdomain from the agency name and check it while typing.
(function () {
  const form = document.getElementById("signup-form");
  if (!form) return;
  const name = form.querySelector("[name=agency_name]");
  const sub = form.querySelector("[name=subdomain]");
  const status = document.getElementById("subdomain-status");
  let edited = sub.value !== "";
  let timer = null;

  function slugify(text) {
    const map = { "ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "æ": "ae", "ø": "oe" };
    return text.toLowerCase().replace(/[äöüßæø]/g, (c) => map[c])
      .normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 63).replace(/-+$/, "");
  }

  function check() {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      if (!sub.value) { status.textContent = ""; return; }
      const url = form.dataset.checkUrl + "?subdomain=" + encodeURIComponent(sub.value);
      const response = await fetch(url, { headers: { Accept: "application/json" } });
      if (!response.ok) return;
      const data = await response.json();
      status.textContent = data.message;
      status.className = "hint " + (data.available ? "ok" : "error");
    }, 300);
  }

  name.addEventListener("input", () => { if (!edited) { sub.value = slugify(name.value); check(); } });
  sub.addEventListener("input", () => { edited = sub.value !== ""; sub.value = sub.value.toLowerCase(); check(); });
})();
