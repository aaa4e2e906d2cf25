// Statistics dashboard: a panel answered with a 400 (a bad filter) shows its error fragment; any
// other failure replaces the panel's loading indicator with a sentence, so no panel spins forever.
document.addEventListener("htmx:beforeSwap", function (event) {
  if (event.detail.xhr && event.detail.xhr.status === 400) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});
function panelFailed(event) {
  var panel = event.detail && event.detail.elt;
  if (!panel || !panel.hasAttribute("data-failed")) {
    return;
  }
  if (event.detail.xhr && event.detail.xhr.status === 400) {
    return;
  }
  var message = document.createElement("p");
  message.className = "note panel-failed";
  message.setAttribute("role", "alert");
  message.textContent = panel.getAttribute("data-failed");
  panel.replaceChildren(message);
}
document.addEventListener("htmx:responseError", panelFailed);
document.addEventListener("htmx:sendError", panelFailed);
