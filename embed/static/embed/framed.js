/* On IRS pages shown inside a wiki's report dialog (an iframe): Escape asks the dialog to
   close; links back to the wiki open in the whole window, and links to IRS pages that
   refuse framing (all but /w/..., /my-reports/<ref>/... and the login on the way to a
   report, see embed/framing.py) open in a new tab. */
(function () {
  if (window.parent === window) return;
  document.documentElement.classList.add('irs-framed');
  document.addEventListener('keydown', function (e) {
    if (e.key === 'Escape' && !e.defaultPrevented) window.parent.postMessage({ irs: 'close' }, '*');
  });
  document.addEventListener('click', function (e) {
    var a = e.target.closest && e.target.closest('a[href]');
    if (!a || a.target) return;
    if (a.origin !== location.origin) a.target = '_top';
    else if (!/^\/(w\/|my-reports\/[^/]+\/|accounts\/login\/)/.test(a.pathname)) a.target = '_blank';
  }, true);
})();
