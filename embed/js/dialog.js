/* IRS report dialog: loaded by the entry point on the first click. An iframe of the report
   flow in a modal overlay; Escape (here or inside the frame) closes it; focus is trapped
   in it and returns to the link that opened it (or to the ⋮ button whose menu held it). */
(function () {
  var box, back, frame, shut, origin, seen;
  // The funnel (IRS docs/metrics.md): open and close with a random token for this dialog.
  function beacon(name, extra) {
    if (!seen || !navigator.sendBeacon) return;
    var q = new URLSearchParams(Object.assign({ name: name, token: seen.f, wiki: seen.w,
      lang: seen.l }, extra));
    navigator.sendBeacon(origin + '/funnel/event', q);
  }
  function close() {
    if (!box) return;
    beacon('close');
    box.remove();
    box = null;
    document.removeEventListener('keydown', key, true);
    window.removeEventListener('message', message);
    if (back) back.focus();
  }
  function key(e) {
    if (e.key === 'Escape') { e.preventDefault(); close(); }
  }
  function message(e) {
    if (e.origin === origin && e.data && e.data.irs === 'close') close();
  }
  function guard(target) {
    var g = document.createElement('span');
    g.tabIndex = 0;
    g.addEventListener('focus', function () { target().focus(); });
    return g;
  }
  window.irsDialog = function (a, M, from) {
    close();
    back = from || a;
    origin = new URL(a.href).origin;
    box = document.createElement('div');
    box.className = 'irs-dialog-backdrop';
    box.style.cssText = 'position:fixed;inset:0;z-index:1000;background:rgba(0,0,0,.55);' +
      'display:flex;align-items:center;justify-content:center';
    var panel = document.createElement('div');
    panel.className = 'irs-dialog';
    panel.setAttribute('role', 'dialog');
    panel.setAttribute('aria-modal', 'true');
    panel.setAttribute('aria-labelledby', 'irs-dialog-title');
    panel.style.cssText = 'background:#fff;color:#202122;inline-size:min(44rem,94vw);' +
      'block-size:min(46rem,90vh);display:flex;flex-direction:column;border-radius:2px;' +
      'box-shadow:0 4px 24px rgba(0,0,0,.4)';
    var bar = document.createElement('div');
    bar.style.cssText = 'display:flex;align-items:center;gap:1rem;padding:.5rem 1rem;' +
      'border-block-end:1px solid #c8ccd1';
    var title = document.createElement('h2');
    title.id = 'irs-dialog-title';
    title.textContent = M.t;
    title.style.cssText = 'margin:0;flex:1;font-size:1.1rem;border:0;padding:0';
    shut = document.createElement('button');
    shut.type = 'button';
    shut.className = 'irs-dialog-close';
    shut.textContent = '\u00d7';
    shut.setAttribute('aria-label', M.c);
    shut.title = M.c;
    shut.style.cssText = 'font-size:1.5rem;line-height:1;padding:.25rem .6rem;cursor:pointer';
    shut.addEventListener('click', close);
    bar.append(title, shut);
    frame = document.createElement('iframe');
    frame.title = M.t;
    var u = new URL(a.href);
    seen = window.crypto && crypto.randomUUID && { f: crypto.randomUUID(),
      w: u.pathname.split('/')[2], l: u.searchParams.get('uselang') || '' };
    if (seen) {
      u.searchParams.set('funnel', seen.f);
      beacon('open', { entry: u.searchParams.get('source') || 'url' });
    }
    frame.src = u;
    frame.style.cssText = 'flex:1;border:0;inline-size:100%';
    frame.addEventListener('load', function () {
      if (box) { panel.setAttribute('data-loaded', '1'); frame.focus(); }
    });
    panel.append(guard(function () { return frame; }), bar, frame,
      guard(function () { return shut; }));
    box.append(panel);
    box.addEventListener('click', function (e) { if (e.target === box) close(); });
    document.body.append(box);
    document.addEventListener('keydown', key, true);
    window.addEventListener('message', message);
    shut.focus();
  };
})();
