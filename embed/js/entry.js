/* IRS entry point: an overflow button (⋮) with Report beside talk-page comments and topics,
   Report in the Tools menu and on user pages. The menu (menu.js, which also handles pages
   DiscussionTools has marked up) and the dialog (dialog.js) load on first use. */
(function () {
  var C = __IRS_CONFIG__;
  var mw = window.mw;
  if (!mw || !mw.config.get('wgUserName') || window.irsEntry) return;
  window.irsEntry = 1;
  var cfg = mw.config;
  var lang = cfg.get('wgUserLanguage') || C.l;
  // The labels' language: the reader's, its base language, the wiki's, English.
  var K = [lang, lang.split('-')[0], C.l, 'en'].filter(function (k) { return C.m[k]; })[0];
  var M = C.m[K];
  var page = cfg.get('wgPageName');
  var rev = cfg.get('wgRevisionId');
  var ns = cfg.get('wgNamespaceNumber');
  var fns = cfg.get('wgFormattedNamespaces') || {};
  var userNs = ['User', 'User talk', fns[2], fns[3]];
  var doc = document;
  var L = {};
  var B = [];
  var X;
  function on(s) { return C.s.indexOf(s) >= 0; }
  function load(name) {
    return (L[name] = L[name] || mw.loader.getScript(C.u + '/embed/' + name + '.js'));
  }
  function href(source, thread, user, quote) {
    var q = new URLSearchParams({ page: page, source: source, uselang: lang });
    if (rev) q.set('revid', rev);
    if (thread) q.set('thread', thread);
    if (user) q.set('user', user);
    // What the page shows (first words, a topic's title): IRS uses it for display only.
    if (quote) q.set('quote', quote);
    return C.u + '/w/' + C.w + '/report?' + q;
  }
  function open(e) {
    if (e.button || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
    if (!C.d || window.matchMedia('(max-width: 719px)').matches) return;
    e.preventDefault();
    var a = e.currentTarget;
    if (window.irsDialog) window.irsDialog(a, M, a.irsBack || a);
    else load('dialog').then(function () { window.irsDialog(a, M, a.irsBack || a); });
  }
  function arm(a) {
    a.target = '_blank';
    a.rel = 'noopener';
    a.addEventListener('click', open);
    return a;
  }
  // What menu.js needs from here.
  X = { K: K, on: on, href: href, arm: arm, more: more };
  function menu(e) {
    var b = e.currentTarget;
    // Once loaded, at once: jQuery's then() waits for a timer, and a Tab pressed in between
    // would leave a menu opening behind the focus.
    if (window.irsMenu) window.irsMenu(b, X);
    else load('menu').then(function () { window.irsMenu(b, X); });
  }
  // The ⋮ button, in an empty inline box: it takes no room, so nothing on the page moves.
  // `t`: source, thread id, author, and where the comment's words are (menu.js reads them).
  function more(t) {
    var w = doc.createElement('span');
    var b = doc.createElement('button');
    w.className = 'irs-more-wrap';
    w.style.position = 'relative';
    b.type = 'button';
    b.className = 'irs-more irs-more-' + t[0];
    b.textContent = '\u22ee';
    b.title = t[0] === 'topic' ? M.mt : M.mc;
    b.setAttribute('aria-label', b.title);
    b.setAttribute('aria-haspopup', 'menu');
    b.setAttribute('aria-expanded', 'false');
    b.style.cssText = 'position:absolute;inset-inline-start:.15em;top:50%;' +
      'transform:translateY(-50%);width:24px;height:24px;padding:0;margin:0;border:0;' +
      'background:none;color:inherit;font:bold 16px/24px sans-serif;cursor:pointer';
    b.irs = t;
    B.push(b);
    b.addEventListener('click', menu);
    b.addEventListener('keydown', function (e) {
      if (e.key === 'ArrowDown') { e.preventDefault(); menu(e); }
    });
    w.append(b);
    return w;
  }
  // A ⋮ after a timestamp at the very end of a line would stick out of its paragraph (out
  // of the screen, or making Minerva's replies scroll): there it narrows to the room the
  // line leaves (the glyph is 3 px wide; WCAG 2.5.8's spacing exception for the target).
  function fit() {
    B.splice(0).map(function (b) {
      var w = b.parentNode;
      var r = w.getBoundingClientRect();
      var c = (w.parentNode.closest('p,dd,dt,li,td,th,h2,div') || doc.body)
        .getBoundingClientRect();
      return [b, getComputedStyle(w).direction === 'rtl' ? r.left - c.left : c.right - r.right];
    }).forEach(function (x) {
      if (x[1] >= 27) return;
      x[0].style.width = Math.max(Math.floor(x[1]) - 1, 6) + 'px';
      x[0].style.insetInlineStart = 0;
    });
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
    // The author's last link before the timestamp, then back to the signature's first one
    // (user page before user talk), stopping at the comment's own words.
    var who, a;
    for (var n = node.previousSibling, i = 0; n && i < 6; n = n.previousSibling, i++) {
      if (who && n.nodeType === 3 && /\w\w/.test(n.data)) break;
      var links = n.nodeType === 1 ? (n.tagName === 'A' ? [n] : n.querySelectorAll('a')) : [];
      for (var j = links.length - 1; j >= 0; j--) {
        var w = author(links[j]);
        if (w && (!who || w === who)) { who = w; a = links[j]; }
      }
    }
    return who ? [who, m[1], a] : null;
  }
  function comments(root) {
    var walk = doc.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    var found = [];
    while (walk.nextNode()) {
      var sig = signature(walk.currentNode);
      if (sig) found.push([walk.currentNode].concat(sig));
    }
    found.forEach(function (f, i) {
      var node = f[0];
      var who = f[1];
      var id = 'c-' + who.replace(/ /g, '_') + '-' + f[2].replace(/ /g, '_');
      // The comment's words: its paragraph (or list item) up to the signature, after any
      // earlier signature in it.
      var block = node.parentNode.closest('p,dd,li,td,th');
      var prev = i && found[i - 1][0];
      if (!block || !root.contains(block)) block = node.parentNode;
      var after = prev && block.contains(prev);
      node.after(more(['comment', id, who, after ? prev : block, f[3], after]));
    });
  }
  function topics(root) {
    root.querySelectorAll('h2').forEach(function (h) {
      var head = h.querySelector('.mw-headline') || h;
      // After the heading's edit link; in a skin that lays headings out in a row (Minerva:
      // the title, then the edit icon at the end) right after the title.
      var at = getComputedStyle(h).display === 'flex' ? head : h;
      if (head.id) at.append(more(['topic', head.id, '', head]));
    });
  }
  mw.hook('wikipage.content').add(function ($c) {
    var root = $c[0] && ($c[0].querySelector('.mw-parser-output') || $c[0]);
    if (!root || root.irsDone || C.ns.indexOf(ns) < 0 || cfg.get('wgAction') !== 'view') return;
    root.irsDone = 1;
    // DiscussionTools marks comments itself and may have overflow menus: menu.js takes it.
    if (root.querySelector('[data-mw-comment-end]')) {
      return load('menu').then(function () { window.irsDiscussionTools(root, X); fit(); });
    }
    if (on('comment')) comments(root);
    if (on('topic')) topics(root);
    fit();
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
