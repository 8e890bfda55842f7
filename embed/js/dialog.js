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
    // A Codex Dialog in Codex's colours (light or dark like the IRS page inside the frame):
    // background-color-base, color-base, border-color-subtle, background-color-backdrop-light,
    // box-shadow-drop-xx-large; a quiet icon-only close button.
    var C = window.matchMedia && matchMedia('(prefers-color-scheme: dark)').matches ?
      ['#101418', '#eaecf0', '#54595d', 'rgba(0,0,0,.65)'] :
      ['#fff', '#202122', '#c8ccd1', 'rgba(255,255,255,.65)'];
    box = document.createElement('div');
    box.className = 'irs-dialog-backdrop';
    box.style.cssText = 'position:fixed;inset:0;z-index:1000;background:' + C[3] +
      ';display:flex;align-items:center;justify-content:center';
    var panel = document.createElement('div');
    panel.className = 'irs-dialog';
    panel.setAttribute('role', 'dialog');
    panel.setAttribute('aria-modal', 'true');
    panel.setAttribute('aria-labelledby', 'irs-dialog-title');
    panel.style.cssText = 'background:' + C[0] + ';color:' + C[1] + ';inline-size:min(44rem,calc(100vw - 32px));' +
      'block-size:min(46rem,calc(100vh - 32px));display:flex;flex-direction:column;border:1px solid ' + C[2] +
      ';border-radius:2px;box-shadow:0 20px 48px 0 rgba(0,0,0,.2);box-sizing:border-box;overflow:hidden;' +
      'font-family:-apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,Inter,Helvetica,Arial,sans-serif';
    var bar = document.createElement('div');
    bar.style.cssText = 'display:flex;align-items:center;gap:8px;padding:12px 16px 12px 24px;' +
      'padding-inline:24px 16px;border-block-end:1px solid ' + C[2];
    var title = document.createElement('h2');
    title.id = 'irs-dialog-title';
    title.textContent = M.t;
    title.style.cssText = 'margin:0;flex:1;font:700 1.125rem/1.75rem sans-serif;font-family:inherit;' +
      'color:inherit;border:0;padding:0';
    shut = document.createElement('button');
    shut.type = 'button';
    shut.className = 'irs-dialog-close';
    shut.textContent = '\u00d7';
    shut.setAttribute('aria-label', M.c);
    shut.title = M.c;
    shut.style.cssText = 'min-inline-size:32px;min-block-size:32px;font:400 1.5rem/1 sans-serif;font-family:inherit;' +
      'color:inherit;background:transparent;border:1px solid transparent;border-radius:2px;padding:0;cursor:pointer';
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
