/* IRS entry point: Report links on talk-page comments, topics, the Tools menu, user pages. */
(function () {
  var C = __IRS_CONFIG__;
  var mw = window.mw;
  if (!mw || !mw.config.get('wgUserName') || window.irsEntry) return;
  window.irsEntry = 1;
  var cfg = mw.config;
  var lang = cfg.get('wgUserLanguage') || C.l;
  var M = C.m[lang] || C.m[lang.split('-')[0]] || C.m[C.l] || C.m.en;
  var page = cfg.get('wgPageName');
  var rev = cfg.get('wgRevisionId');
  var ns = cfg.get('wgNamespaceNumber');
  var fns = cfg.get('wgFormattedNamespaces') || {};
  var userNs = ['User', 'User talk', fns[2], fns[3]];
  function on(s) { return C.s.indexOf(s) >= 0; }
  function fmt(t, x) { return t.replace('$1', x); }
  function href(source, thread, user) {
    var q = new URLSearchParams({ page: page, source: source, uselang: lang });
    if (rev) q.set('revid', rev);
    if (thread) q.set('thread', thread);
    if (user) q.set('user', user);
    return C.u + '/w/' + C.w + '/report?' + q;
  }
  function open(e) {
    if (e.button || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
    if (!C.d || window.matchMedia('(max-width: 719px)').matches) return;
    e.preventDefault();
    var a = e.currentTarget;
    if (window.irsDialog) return window.irsDialog(a, M);
    mw.loader.getScript(C.u + '/embed/dialog.js').then(function () { window.irsDialog(a, M); });
  }
  function arm(a) {
    a.target = '_blank';
    a.rel = 'noopener';
    a.addEventListener('click', open);
    return a;
  }
  function link(source, thread, user, label) {
    var a = document.createElement('a');
    a.href = href(source, thread, user);
    a.textContent = M.r;
    a.className = 'irs-report irs-report-' + source;
    if (label) a.setAttribute('aria-label', label);
    var s = document.createElement('span');
    s.className = 'irs-report-wrap';
    s.append(' ', arm(a));
    return s;
  }
  function author(a) {
    var t = a.getAttribute('title') || '';
    if (a.classList.contains('new')) t = t.replace(/\s*\([^()]*\)$/, '');
    var i = t.indexOf(':');
    var name = t.slice(i + 1);
    return i > 0 && userNs.indexOf(t.slice(0, i)) >= 0 && name.indexOf('/') < 0 ? name : '';
  }
  function signature(node) {
    var m = /(\d[^()]*\([^()]{1,12}\))\s*$/.exec(node.data.slice(-120));
    if (!m || !/\d{4}|\d\d:\d\d/.test(m[1])) return null;
    for (var n = node.previousSibling, i = 0; n && i < 6; n = n.previousSibling, i++) {
      var links = n.nodeType === 1 ? (n.tagName === 'A' ? [n] : n.querySelectorAll('a')) : [];
      for (var j = links.length - 1; j >= 0; j--) {
        var who = author(links[j]);
        if (who) return { user: who, ts: m[1] };
      }
    }
    return null;
  }
  function comments(root) {
    var ends = root.querySelectorAll('[data-mw-comment-end]');
    if (ends.length) {
      ends.forEach(function (end) {
        var id = end.getAttribute('data-mw-comment-end');
        var m = /^c-(.+?)-\d{14}/.exec(id);
        var who = m ? m[1].replace(/_/g, ' ') : '';
        end.after(link('comment', id, who, fmt(M.rc, who)));
      });
      return;
    }
    var walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    var found = [];
    while (walk.nextNode()) {
      var sig = signature(walk.currentNode);
      if (sig) found.push([walk.currentNode, sig]);
    }
    found.forEach(function (f) {
      var id = 'c-' + f[1].user.replace(/ /g, '_') + '-' + f[1].ts.replace(/ /g, '_');
      f[0].after(link('comment', id, f[1].user, fmt(M.rc, f[1].user)));
    });
  }
  function topics(root) {
    root.querySelectorAll('h2').forEach(function (h) {
      var head = h.querySelector('.mw-headline') || h;
      if (!head.id) return;
      var s = link('topic', head.id, '', fmt(M.rt, head.textContent));
      s.style.cssText = 'font:normal small sans-serif;margin-inline-start:.5em';
      h.append(s);
    });
  }
  mw.hook('wikipage.content').add(function ($c) {
    var root = $c[0] && ($c[0].querySelector('.mw-parser-output') || $c[0]);
    if (!root || root.irsDone || C.ns.indexOf(ns) < 0 || cfg.get('wgAction') !== 'view') return;
    root.irsDone = 1;
    if (on('comment')) comments(root);
    if (on('topic')) topics(root);
  });
  if (ns < 0) return;
  mw.loader.using('mediawiki.util').then(function () {
    var li;
    if (on('tools')) {
      li = mw.util.addPortletLink('p-tb', href('tools'), M.r, 'irs-report-tools', M.t);
      if (li) arm(li.querySelector('a'));
    }
    var user = cfg.get('wgRelevantUserName');
    if (on('user') && user && (ns === 2 || ns === 3)) {
      li = mw.util.addPortletLink('p-tb', href('user', '', user), M.u, 'irs-report-user');
      if (li) arm(li.querySelector('a'));
    }
  });
})();
