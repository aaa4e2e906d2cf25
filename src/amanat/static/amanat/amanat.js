// Small page behaviours, here rather than in inline handlers so the Content-Security-Policy can
// forbid inline script (script-src 'self'). Declared in templates with data attributes:
//   <select data-autosubmit>   submits its form when the choice changes
//   <button data-print>        opens the browser's print dialogue
//   <button data-menu-toggle>  opens and closes the main menu on a phone (shown there only)
//   <table class="responsive"> each cell is labelled with its column's heading, so the cards a
//                              phone shows instead of rows say what each value is
document.documentElement.classList.add("js"); // the phone menu folds only when it can unfold
document.addEventListener("change", function (event) {
  var field = event.target.closest && event.target.closest("[data-autosubmit]");
  if (field && field.form) {
    field.form.requestSubmit ? field.form.requestSubmit() : field.form.submit();
  }
});
document.addEventListener("click", function (event) {
  if (event.target.closest && event.target.closest("[data-print]")) {
    window.print();
  }
});
document.addEventListener("click", function (event) {
  var toggle = event.target.closest && event.target.closest("[data-menu-toggle]");
  if (toggle) {
    var open = toggle.getAttribute("aria-expanded") !== "true";
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
    document.documentElement.classList.toggle("menu-open", open);
  }
});
function labelResponsiveTables(root) {
  (root || document).querySelectorAll("table.responsive").forEach(function (table) {
    var headings = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
      return th.textContent.trim();
    });
    table.querySelectorAll("tbody tr").forEach(function (row) {
      Array.prototype.forEach.call(row.children, function (cell, index) {
        if (headings[index] && !cell.hasAttribute("data-label")) {
          cell.setAttribute("data-label", headings[index]);
        }
      });
    });
  });
}
document.addEventListener("DOMContentLoaded", function () { labelResponsiveTables(document); });
document.addEventListener("htmx:afterSwap", function (event) { labelResponsiveTables(event.target); });
// After a refused submission the error summary takes the focus: screen readers read it, and
// the page scrolls to it (its links lead to the fields).
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.querySelector("[data-error-summary]");
  if (summary) { summary.focus(); }
});
