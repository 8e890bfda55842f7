// Progressive enhancement: on wide screens the queue filters start open.
(function () {
  var box = document.querySelector(".filter-box");
  if (box && window.matchMedia && window.matchMedia("(min-width: 60rem)").matches) {
    box.open = true;
  }
})();
