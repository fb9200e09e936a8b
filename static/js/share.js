/* Share a page: the phone's own share sheet (Web Share API) where there is one, else copy
   the address. Without this script the plain share links below still work. */
(function () {
  "use strict";
  var box = document.querySelector("[data-share-url]");
  if (!box) { return; }
  var status = document.querySelector(".share-status");
  var share = box.querySelector("[data-share]");
  var copy = box.querySelector("[data-copy]");
  var data = { title: box.getAttribute("data-share-title"), url: box.getAttribute("data-share-url") };
  if (!navigator.share) { share.hidden = true; }
  if (!navigator.clipboard) { copy.hidden = true; }
  if (share.hidden && copy.hidden) { return; }
  box.hidden = false;
  share.addEventListener("click", function () {
    navigator.share(data).catch(function () { /* closed by the reader: nothing to say */ });
  });
  copy.addEventListener("click", function () {
    navigator.clipboard.writeText(data.url).then(function () {
      status.textContent = box.getAttribute("data-copied");
    });
  });
})();
