// zhengwu web UI: a little plain JavaScript, no build step. Everything works without it; it only
// adds conveniences. Forms carry their CSRF token as a hidden field rendered by the server.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  // Selects marked data-autosubmit reload their form (e.g. the rule desk's example picker).
  for (const el of document.querySelectorAll("select[data-autosubmit]")) {
    el.addEventListener("change", () => el.form && el.form.submit());
  }
  // Print buttons (the print stylesheet leaves out the menu and the forms).
  for (const b of document.querySelectorAll("[data-print]")) {
    b.addEventListener("click", () => window.print());
  }
  // Ctrl+Enter in a textarea submits its form.
  for (const ta of document.querySelectorAll("textarea")) {
    ta.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && (e.ctrlKey || e.metaKey) && ta.form) {
        e.preventDefault();
        ta.form.requestSubmit();
      }
    });
  }
  // "/" focuses the first text field of the page; "g" then a menu key (1–9, 0, l, o, r, e, p, h) follows the menu.
  let pendingG = false;
  document.addEventListener("keydown", (e) => {
    const t = e.target;
    if (t instanceof HTMLInputElement || t instanceof HTMLTextAreaElement || t instanceof HTMLSelectElement) return;
    if (e.key === "/") {
      const f = document.querySelector("main input:not([type=hidden]), main textarea");
      if (f) { e.preventDefault(); f.focus(); }
    } else if (e.key === "g") {
      pendingG = true;
      setTimeout(() => { pendingG = false; }, 1500);
    } else if (pendingG && /^[0-9loreph]$/.test(e.key)) {
      const a = document.querySelector(`.menu a[accesskey="${e.key}"]`);
      if (a) a.click();
      pendingG = false;
    }
  });
  // The verdict is announced and focused after a check.
  const v = document.getElementById("verdict");
  if (v) { v.setAttribute("tabindex", "-1"); v.focus(); }
});
