/* Amanat interview skip logic in the browser (no build step, no dependency).
 *
 * Evaluates the guide's structured show_if conditions (the same data the server's engine uses,
 * exported as JSON by the page) against the answers on this page and the saved answers to earlier
 * questions they read. A hidden question is hidden and its inputs disabled, so nothing hidden is
 * sent; the server applies the same rules again and keeps no answer to a hidden question.
 * Without JavaScript every question of the page is shown with its condition written out.
 */
(function () {
  "use strict";
  var dataNode = document.getElementById("interview-data");
  var form = document.getElementById("interview-form");
  if (!dataNode || !form) { return; }
  var data = JSON.parse(dataNode.textContent);
  form.classList.add("js-skip-logic");

  function wrapper(question) { return document.getElementById("question-" + question.id); }

  function inputs(question) {
    var node = wrapper(question);
    return node ? node.querySelectorAll("input, select, textarea") : [];
  }

  function read(question) {
    var all = inputs(question), i, values = [];
    if (question.type === "multiple_choice") {
      for (i = 0; i < all.length; i++) { if (all[i].checked) { values.push(all[i].value); } }
      return values.length ? values : undefined;
    }
    if (question.type === "yes_no" || question.type === "single_choice") {
      for (i = 0; i < all.length; i++) {
        if (all[i].checked && all[i].value !== "") { return all[i].value; }
      }
      return undefined;
    }
    if (!all.length || all[0].value === "") { return undefined; }
    if (question.type === "number") {
      var number = Number(all[0].value);
      return isNaN(number) ? undefined : number;
    }
    return all[0].value;
  }

  function holds(condition, answers) {
    if (!condition) { return true; }
    if (condition.any) { return condition.any.some(function (c) { return holds(c, answers); }); }
    if (condition.all) { return condition.all.every(function (c) { return holds(c, answers); }); }
    if (condition.not) { return !holds(condition.not, answers); }
    if (!("question" in condition)) { return true; }  // skip logic reads answers only
    var value = answers[condition.question];
    if ("answered" in condition) { return (value !== undefined) === condition.answered; }
    if ("equals" in condition) { return value === condition.equals; }
    if ("in" in condition) { return condition["in"].indexOf(value) !== -1; }
    if ("includes" in condition) {
      return Array.isArray(value) && value.indexOf(condition.includes) !== -1;
    }
    if (typeof value !== "number") { return false; }
    if ("lt" in condition) { return value < condition.lt; }
    if ("lte" in condition) { return value <= condition.lte; }
    if ("gt" in condition) { return value > condition.gt; }
    if ("gte" in condition) { return value >= condition.gte; }
    return true;
  }

  function update() {
    var answers = {}, key;
    for (key in data.known) {
      if (Object.prototype.hasOwnProperty.call(data.known, key)) { answers[key] = data.known[key]; }
    }
    data.questions.forEach(function (question) {
      var node = wrapper(question);
      if (!node) { return; }
      var visible = holds(question.show_if, answers);
      node.hidden = !visible;
      var all = inputs(question);
      for (var i = 0; i < all.length; i++) { all[i].disabled = !visible; }
      if (visible) {
        var value = read(question);
        if (value !== undefined) { answers[question.id] = value; }
      }
    });
  }

  form.addEventListener("change", update);
  form.addEventListener("input", update);
  update();
})();
