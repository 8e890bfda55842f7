/* IRS overflow menus, loaded by the entry point when a ⋮ button is first used, or at once on
   a page DiscussionTools has marked up.

   irsMenu: a menu button as the WAI-ARIA Authoring Practices describe it: Enter, Space or
   ArrowDown on the button open the menu with focus on its first item; ArrowDown/ArrowUp,
   Home/End move between items; Escape closes it and gives focus back to the button; Tab
   closes it and moves on; a click elsewhere closes it.

   irsDiscussionTools: comments and topics as DiscussionTools marks them. Where it shows its
   own overflow menu (⋯), Report is added to that menu through its documented client hooks
   (discussionToolsOverflowMenuOnAddItem, discussionToolsOverflowMenuOnChoose); elsewhere
   the ⋮ button goes next to its Reply link. */
(function () {
  // The items' labels in every interface language IRS has (the entry point picks which).
  var LABELS = __IRS_LABELS__;
  var shown;
  var count = 0;
  function labels(X) { return LABELS[X.K] || LABELS.en; }
  function fmt(text, x) { return text.replace('$1', x); }
  // What a ⋮ button reports: t = [source, thread id, author, from, to, after] (the comment's
  // words run from `from`, or just after it, to `to`) or [source, thread id, '', heading].
  function report(t, wrap, X) {
    var r = document.createRange();
    if (t[4]) {
      if (t[5]) r.setStartAfter(t[3]); else r.setStart(t[3], 0);
      r.setEndBefore(t[4]);
    } else {
      r.selectNodeContents(t[3]);
      if (wrap && t[3].contains(wrap)) r.setEndBefore(wrap);
    }
    var q = r.toString().replace(/\s+/g, ' ').replace(/[\s\u2013\u2014-]+$/, '').trim();
    if (q.length > 100) q = q.slice(0, 99).replace(/\s\S*$/, '') + '\u2026';
    var L = labels(X);
    return { h: X.href(t[0], t[1], t[2], q),
      l: t[0] === 'topic' ? fmt(L.rt, q) : fmt(L.rc, t[2]) };
  }
  function close(focus) {
    if (!shown) return;
    var b = shown.b;
    shown.m.remove();
    shown = null;
    b.setAttribute('aria-expanded', 'false');
    document.removeEventListener('mousedown', outside, true);
    if (focus) b.focus();
  }
  function outside(e) {
    if (shown && !shown.m.contains(e.target) && !shown.b.contains(e.target)) close();
  }
  function key(e) {
    var items = [].slice.call(shown.m.children);
    var i = items.indexOf(document.activeElement);
    var k = e.key;
    var j = k === 'ArrowDown' ? i + 1 : k === 'ArrowUp' ? i - 1 : k === 'Home' ? 0 :
      k === 'End' ? items.length - 1 : null;
    if (k === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      close(true);
    } else if (k === 'Tab') {
      // Focus goes back to the button first, so Tab moves on from there.
      close(true);
    } else if (k === ' ') {
      e.preventDefault();
      if (items[i]) items[i].click();
    } else if (j !== null) {
      e.preventDefault();
      items[(j + items.length) % items.length].focus();
    }
  }
  // The menu sits at the end of the page, placed under its button (above everything else,
  // out of any box that clips), so opening it moves nothing either.
  function place(m, b) {
    var r = b.getBoundingClientRect();
    var body = document.body;
    var base = (getComputedStyle(body).position === 'static' ? document.documentElement : body)
      .getBoundingClientRect();
    var width = document.documentElement.clientWidth;
    var w = m.offsetWidth;
    var x = m.dir === 'rtl' ? r.right - w : r.left;
    if (x + w > width) x = r.right - w;
    if (x < 0) x = 0;
    m.style.top = r.bottom + 2 - base.top + 'px';
    m.style.left = x - base.left + 'px';
  }
  window.irsMenu = function (b, X) {
    var again = shown && shown.b === b;
    close(again);
    if (again) return;
    var t = b.irs;
    var it = report(t, b.parentNode, X);
    var m = document.createElement('div');
    var a = X.arm(document.createElement('a'));
    if (!b.id) b.id = 'irs-more-' + ++count;
    m.className = 'irs-menu';
    m.setAttribute('role', 'menu');
    m.setAttribute('aria-labelledby', b.id);
    m.dir = getComputedStyle(b).direction;
    m.style.cssText = 'position:absolute;z-index:1000;min-width:8em;padding:4px 0;' +
      'background:#fff;color:#202122;border:1px solid #a2a9b1;border-radius:2px;' +
      'box-shadow:0 2px 4px rgba(0,0,0,.25);font:normal 14px/1.5 sans-serif;text-align:start';
    a.href = it.h;
    a.textContent = labels(X).r;
    a.setAttribute('aria-label', it.l);
    a.className = 'irs-report irs-report-' + t[0];
    a.setAttribute('role', 'menuitem');
    a.tabIndex = -1;
    a.irsBack = b;
    a.style.cssText = 'display:block;padding:6px 12px;color:#202122;text-decoration:none;' +
      'white-space:nowrap';
    // After the entry point's own handler (dialog or new tab) has run.
    a.addEventListener('click', function () { setTimeout(close); });
    a.addEventListener('mouseenter', function () { a.focus(); });
    a.addEventListener('focus', function () { a.style.background = '#eaf3ff'; });
    a.addEventListener('blur', function () { a.style.background = ''; });
    m.append(a);
    m.addEventListener('keydown', key);
    document.body.append(m);
    place(m, b);
    shown = { b: b, m: m };
    b.setAttribute('aria-expanded', 'true');
    document.addEventListener('mousedown', outside, true);
    a.focus();
  };

  var DTB = '.ext-discussiontools-init-section-overflowMenuButton';
  function sel(q, id) { return q + '="' + CSS.escape(id) + '"]'; }
  window.irsDiscussionTools = function (root, X) {
    // DiscussionTools thread id -> what Report in its overflow menu reports.
    var T = {};
    function add(menu, id) {
      if (!T[id] || !menu || menu.irs) return;
      menu.irs = 1;
      mw.loader.load('oojs-ui.styles.icons-moderation');
      menu.addItems([new OO.ui.MenuOptionWidget({ data: { id: 'irs-report' }, icon: 'flag',
        label: labels(X).r, title: report(T[id], null, X).l, classes: ['irs-report-dt'] })]);
    }
    function threadId(el) {
      var m = el.closest('[data-mw-thread-id]') || el.closest('.ext-discussiontools-init-section');
      m = m && (m.matches('[data-mw-thread-id]') ? m : m.querySelector('[data-mw-thread-id]'));
      return m && m.getAttribute('data-mw-thread-id');
    }
    if (X.on('comment')) {
      root.querySelectorAll('[data-mw-comment-end]').forEach(function (end) {
        var id = end.getAttribute('data-mw-comment-end');
        var m = /^c-(.+?)-\d{14}/.exec(id);
        var start = document.getElementById(id);
        if (!m || !start) return;
        var sig = root.querySelector(sel('[data-mw-comment-sig', id)) || end;
        var t = T[id] = ['comment', id, m[1].replace(/_/g, ' '), start, sig, 1];
        var bar = root.querySelector(
          sel('.ext-discussiontools-init-replylink-buttons[data-mw-thread-id', id));
        if (bar && bar.querySelector(DTB)) return;
        if (bar) bar.append(X.more(t)); else end.after(X.more(t));
      });
    }
    if (X.on('topic')) {
      root.querySelectorAll('h2').forEach(function (h) {
        var head = h.querySelector('.mw-headline') || h;
        var dt = head.getAttribute('data-mw-thread-id');
        if (!head.id) return;
        var t = ['topic', head.id, '', head];
        if (dt) T[dt] = t;
        var section = h.closest('.ext-discussiontools-init-section');
        var at = getComputedStyle(h).display === 'flex' ? head : h;
        if (!section || !section.querySelector(DTB)) at.append(X.more(t));
      });
    }
    // Menus DiscussionTools finished before this ran, then every later one.
    document.querySelectorAll(DTB).forEach(function (el) {
      var w = window.$ && $(el).data('ooui-infused');
      if (w && w.getMenu().items.length) add(w.getMenu(), threadId(el));
    });
    mw.hook('discussionToolsOverflowMenuOnAddItem').add(function (id, item, thread) {
      if (thread) add(item.elementGroup, thread.id);
    });
    mw.hook('discussionToolsOverflowMenuOnChoose').add(function (id, item, thread) {
      var t = id === 'irs-report' && thread && T[thread.id];
      if (!t) return;
      // The entry point's own link behaviour: the dialog, or the flow in a new tab.
      var a = X.arm(document.createElement('a'));
      var b = document.querySelector(sel('[data-mw-thread-id', thread.id));
      b = b && (b.closest('.ext-discussiontools-init-section') || b).querySelector(DTB + ' a');
      a.href = report(t, null, X).h;
      a.irsBack = b;
      a.click();
    });
  };
})();
