// Small page behaviours, here rather than in inline handlers so the Content-Security-Policy can
// forbid inline script (script-src 'self'). Declared in templates with data attributes:
//   <select data-autosubmit>   submits its form when the choice changes
//   <button data-print>        opens the browser's print dialogue
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
// After a refused submission the error summary takes the focus: screen readers read it, and
// the page scrolls to it (its links lead to the fields).
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.querySelector("[data-error-summary]");
  if (summary) { summary.focus(); }
});
