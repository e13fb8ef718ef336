// The episode reader: English side by side with the Chinese, a choice this browser remembers,
// and linked figures revealed.
(function () {
  "use strict";
  // A figure linked from elsewhere may sit in closed English: open it and bring it into view.
  function reveal() {
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id && document.getElementById(id);
    var details = target && target.closest("details");
    if (details && !details.open) {
      details.open = true;
      target.scrollIntoView({ block: "center" });
    }
  }
  reveal();
  window.addEventListener("hashchange", reveal);

  var box = document.getElementById("side-by-side");
  if (!box) return;
  var KEY = "kb.sideBySide";

  function apply(on) {
    document.body.classList.toggle("side", on);
    box.checked = on;
    document.querySelectorAll("details.en").forEach(function (d) {
      // English holding a searched word stays open whichever the layout.
      d.open = on || d.hasAttribute("data-marked");
    });
  }

  function stored() {
    try { return localStorage.getItem(KEY) === "1"; } catch (e) { return false; }
  }

  box.closest(".tools").hidden = false;
  apply(stored());
  box.addEventListener("change", function () {
    try { localStorage.setItem(KEY, box.checked ? "1" : "0"); } catch (e) { /* private mode */ }
    apply(box.checked);
  });
})();
