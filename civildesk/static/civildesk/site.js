// Progressive enhancement only: every page works without this file.
document.addEventListener("change", function (event) {
  var select = event.target;
  if (select && select.id === "language-select" && select.form) { select.form.submit(); }
});

// Assistant: stream the phrased answer into its box when generation is configured.
// The extractive answer is already on the page; on failure the box stays hidden.
function civildeskStream(root) {
  (root || document).querySelectorAll(".generated[data-stream]:not([data-started])").forEach(function (box) {
    box.setAttribute("data-started", "1");
    if (box.textContent.trim()) { box.hidden = false; return; }
    if (!window.fetch || !window.TextDecoder) { return; }
    fetch(box.getAttribute("data-stream"), { credentials: "same-origin" }).then(function (response) {
      if (response.status !== 200 || !response.body) { return; }
      var reader = response.body.getReader(), decoder = new TextDecoder(), text = "";
      function pump() {
        return reader.read().then(function (chunk) {
          if (chunk.done) { return; }
          text += decoder.decode(chunk.value, { stream: true });
          if (text.indexOf("\u241e") !== -1) { box.hidden = true; box.textContent = ""; return reader.cancel(); }
          box.textContent = text; box.hidden = text.trim() === "";
          return pump();
        });
      }
      return pump();
    }).catch(function () { box.hidden = true; });
  });
}
document.addEventListener("DOMContentLoaded", function () { civildeskStream(document); });
document.addEventListener("htmx:afterSwap", function (event) { civildeskStream(event.target); });

// Forms that ask before they act (e.g. deleting a document): data-confirm holds the question.
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (form && form.dataset && form.dataset.confirm && !window.confirm(form.dataset.confirm)) { event.preventDefault(); }
});

// Assistant: after a question is answered, empty the form and drop the "no questions yet" text.
document.addEventListener("htmx:afterRequest", function (event) {
  var form = event.target;
  if (!form || !form.classList || !form.classList.contains("ask-form") || !event.detail.successful) { return; }
  form.reset();
  var empty = document.getElementById("empty-chat");
  if (empty) { empty.remove(); }
});

// Assistant: the first answer started a conversation; follow-ups belong to it.
document.addEventListener("conversationStarted", function (event) {
  var form = document.querySelector(".ask-form");
  if (form && !form.querySelector("input[name=conversation]")) {
    var input = document.createElement("input");
    input.type = "hidden"; input.name = "conversation"; input.value = event.detail.value;
    form.appendChild(input);
  }
});
