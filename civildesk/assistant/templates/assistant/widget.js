(function () {
  // CivilDesk public assistant: add <script src=".../assistant/widget.js" defer></script> to any page.
  if (window.__civildeskAssistant) { return; }
  window.__civildeskAssistant = true;
  var frame = document.createElement("iframe");
  frame.src = "{{ embed_url|escapejs }}";
  frame.title = "CivilDesk";
  frame.className = "civildesk-assistant";
  frame.style.cssText = "width:100%;max-width:420px;height:560px;border:1px solid #d0d7de;border-radius:8px;";
  var script = document.currentScript;
  (script && script.parentNode ? script.parentNode : document.body).insertBefore(frame, script ? script.nextSibling : null);
})();
