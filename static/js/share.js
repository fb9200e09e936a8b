/* Share a page: the phone's own share sheet (Web Share API) where there is one; else the
   "Share" button leads to the share links further down, and "Copy link" copies the address.
   Without this script every link still works. Nothing changes size when it runs. */
(function () {
  "use strict";
  var opener = document.querySelector("[data-share-open]");
  var box = document.querySelector("[data-share-box]");
  var data = opener ? { title: opener.getAttribute("data-share-title"), url: opener.getAttribute("data-share-url") } : null;
  if (opener && navigator.share) {
    opener.addEventListener("click", function (event) {
      event.preventDefault();
      navigator.share(data).catch(function () { /* closed by the reader: nothing to say */ });
    });
  }
  if (!box || !navigator.clipboard) { return; }
  var copy = box.querySelector("[data-copy]");
  var status = document.querySelector(".share-status");
  copy.hidden = false;
  copy.addEventListener("click", function () {
    navigator.clipboard.writeText(box.getAttribute("data-share-url")).then(function () {
      status.textContent = box.getAttribute("data-copied");
    });
  });
})();
