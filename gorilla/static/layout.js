// Every page: the phone menu (the header's button opens and closes the navigation) and
// column labels for list tables, which show above each value once a row stacks on a phone.
(() => {
  const topbar = document.querySelector(".topbar");
  const toggle = topbar && topbar.querySelector(".menu-toggle");
  if (toggle) {
    const setOpen = (open) => {
      topbar.classList.toggle("menu-closed", !open);
      toggle.setAttribute("aria-expanded", String(open));
    };
    setOpen(false);
    toggle.addEventListener("click", () => setOpen(topbar.classList.contains("menu-closed")));
  }
  document.querySelectorAll("table.list").forEach((table) => {
    const heads = Array.from(table.querySelectorAll("thead th"), (th) => th.textContent.trim());
    table.querySelectorAll("tbody tr").forEach((row) => {
      let column = 0;
      Array.from(row.cells).forEach((cell) => {
        if (!cell.hasAttribute("data-label") && heads[column]) cell.dataset.label = heads[column];
        column += cell.colSpan || 1;
      });
    });
  });
})();
