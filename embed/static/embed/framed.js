/* On IRS pages shown inside a wiki's report dialog (an iframe): Escape asks the dialog to
   close, and links leaving IRS open in the whole window rather than inside the frame. */
(function () {
  if (window.parent === window) return;
  document.documentElement.classList.add('irs-framed');
  document.addEventListener('keydown', function (e) {
    if (e.key === 'Escape' && !e.defaultPrevented) window.parent.postMessage({ irs: 'close' }, '*');
  });
  document.addEventListener('click', function (e) {
    var a = e.target.closest && e.target.closest('a[href]');
    if (a && a.origin !== location.origin && !a.target) a.target = '_top';
  }, true);
})();
