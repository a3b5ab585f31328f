// Progressive enhancement only: every page works without this file.
document.addEventListener("change", function (event) {
  var select = event.target;
  if (select && select.id === "language-select" && select.form) { select.form.submit(); }
});
