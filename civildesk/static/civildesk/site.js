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

// Assistant: a refused question (empty, too long, too many: 400/429) shows its message in the
// form's message box (the server names it with HX-Retarget); htmx swaps only 2xx by default.
function civildeskAskForm(elt) {
  return elt && elt.classList && (elt.classList.contains("ask-form") || elt.classList.contains("ask-suggestion"));
}
document.addEventListener("htmx:beforeSwap", function (event) {
  var status = event.detail.xhr.status;
  if ((status === 400 || status === 429) && civildeskAskForm(event.detail.requestConfig.elt)) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});

// Assistant: after a question is answered, empty the form, drop the "no questions yet" text
// (and the suggested questions) and bring the new answer into view.
document.addEventListener("htmx:afterRequest", function (event) {
  var form = event.target;
  if (!civildeskAskForm(form) || !event.detail.successful) { return; }
  if (form.classList.contains("ask-form")) { form.reset(); }
  ["empty-chat", "suggestions"].forEach(function (id) {
    var element = document.getElementById(id);
    if (element) { element.remove(); }
  });
  var turns = document.querySelectorAll("#turns article.turn");
  if (turns.length && turns[turns.length - 1].scrollIntoView) { turns[turns.length - 1].scrollIntoView({ block: "start" }); }
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
