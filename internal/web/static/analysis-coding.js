// Coding an answer (the analysis room): selecting words of the answer
// fills the extract box and the extract's offsets, in characters (code
// points, as the server counts them), so the coder need not copy and
// paste. Without JavaScript the coder types or pastes the extract and the
// server finds it in the answer.
(function () {
  "use strict";
  var answer = document.getElementById("answer-text");
  var extract = document.getElementById("extract");
  var start = document.getElementById("extract-start");
  var end = document.getElementById("extract-end");
  if (!answer || !extract || !start || !end) {
    return;
  }
  var hint = document.getElementById("select-hint");
  if (hint) {
    hint.hidden = false;
  }
  function points(s) {
    return Array.from(s).length;
  }
  function take() {
    var sel = window.getSelection();
    if (!sel || sel.rangeCount === 0 || sel.isCollapsed) {
      return;
    }
    var range = sel.getRangeAt(0);
    if (!answer.contains(range.startContainer) || !answer.contains(range.endContainer)) {
      return;
    }
    var before = document.createRange();
    before.selectNodeContents(answer);
    before.setEnd(range.startContainer, range.startOffset);
    var text = range.toString();
    var s = points(before.toString());
    extract.value = text;
    start.value = String(s);
    end.value = String(s + points(text));
  }
  answer.addEventListener("mouseup", take);
  answer.addEventListener("keyup", take);
  extract.addEventListener("input", function () {
    start.value = "";
    end.value = "";
  });
})();
