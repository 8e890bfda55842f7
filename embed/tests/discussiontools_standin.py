"""A STAND-IN for DiscussionTools, which this machine's MediaWiki does not have: the markup its
CommentFormatter puts around comments and headings (documented in its source:
data-mw-comment-start/-end/-sig markers, the Reply link's
.ext-discussiontools-init-replylink-buttons with data-mw-thread-id, headings wrapped in
.ext-discussiontools-init-section, the overflow button as an infusable OOUI
ButtonMenuSelectWidget carrying its items' configs), written into the wiki's real page as it
is served, and the client side of its overflow menus as its modules/overflowMenu.js does it:
infuse the button, add the items, fire `discussionToolsOverflowMenuOnAddItem` for each and
`discussionToolsOverflowMenuOnChoose` on a choice, with real OOUI from the real MediaWiki.

What it cannot show: DiscussionTools' own parser, its PHP hook that lists the items, its
styles. The ids follow its format (c-<author>-<YYYYMMDDhhmmss>-<parent>, h-<title>)."""

import html
import json
import re
from datetime import datetime

SIGNATURE = re.compile(
    r"(?P<open><p>|<dd>)(?P<words>[^<]*?)"
    r"(?P<sig><a [^>]*title=\"User:(?P<user>[^\"(]+?)(?: \(page does not exist\))?\"[^>]*>"
    r"[^<]*</a> \(<a [^>]*>talk</a>\) )"
    r"(?P<ts>(?P<time>\d\d:\d\d), (?P<date>\d+ \w+ \d{4}) \(UTC\))"
)
HEADING = re.compile(r'<h2><span class="mw-headline" id="(?P<id>[^"]+)">(?P<rest>.*?)</h2>', re.S)


def _ellipsis(items: list[dict], number: int) -> str:
    """The overflow button as OOUI's PHP renders an infusable ButtonMenuSelectWidget."""
    data = {
        "_": "OO.ui.ButtonMenuSelectWidget",
        "framed": False,
        "icon": "ellipsis",
        "classes": ["ext-discussiontools-init-section-overflowMenuButton"],
        "data": {"itemConfigs": items, "resourceLoaderModules": []},
    }
    return (
        f'<span id="ooui-php-dt{number}" class="ext-discussiontools-init-section-overflowMenuButton'
        " oo-ui-widget oo-ui-widget-enabled oo-ui-buttonElement oo-ui-buttonElement-frameless"
        ' oo-ui-iconElement oo-ui-buttonWidget"'
        f" data-ooui='{html.escape(json.dumps(data), quote=True)}'>"
        '<a class="oo-ui-buttonElement-button" role="button" tabindex="0" rel="nofollow">'
        '<span class="oo-ui-iconElement-icon oo-ui-icon-ellipsis"></span></a></span>'
    )


THANK = {"data": {"id": "thank"}, "label": "Thank", "icon": "heart"}
EDIT = {"data": {"id": "edit"}, "label": "Edit", "icon": "edit"}


def markup(page: str, menus_for: tuple[str, ...] = ("Wk Bob",), heading_menu: str = "") -> str:
    """The served page with DiscussionTools' markup: comments by the users in `menus_for` get
    its overflow menu (with a "Thank" item, as the Thanks extension adds), the others only
    a Reply link; the heading `heading_menu` gets a menu too (as on mobile). Returns the page;
    the comments' ids are in `ids(page)`."""
    counter = iter(range(1, 1000))
    heading = ""
    parents: list[str] = []

    def comment(match: re.Match) -> str:
        stamp = datetime.strptime(f"{match['date']} {match['time']}", "%d %B %Y %H:%M")
        user = match["user"].replace(" ", "_")
        me = f"{user}-{stamp:%Y%m%d%H%M%S}"
        # A reply (in a <dd>) answers the comment before it; the first answers the heading.
        parent = parents[-1] if match["open"] == "<dd>" and parents else heading
        thread = f"c-{me}-{parent}"
        parents.append(me)
        menu = _ellipsis([THANK], next(counter)) if match["user"] in menus_for else ""
        return (
            f'{match["open"]}<span data-mw-comment-start="" id="{thread}"></span>{match["words"]}'
            f'<span data-mw-comment-sig="{thread}"></span>{match["sig"]}{match["ts"]}'
            f'<span data-mw-comment-end="{thread}"></span>'
            '<span class="ext-discussiontools-init-replylink-buttons"'
            f' data-mw-thread-id="{thread}">'
            '<span class="ext-discussiontools-init-replylink-bracket">[</span>'
            '<a class="ext-discussiontools-init-replylink-reply" role="button" tabindex="0"'
            ' href="">reply</a><span class="ext-discussiontools-init-replylink-bracket">]</span>'
            f"{menu}</span>"
        )

    out = []
    pieces = HEADING.split(page)
    # split() gives: text, id, rest, text, id, rest, ..., text
    out.append(SIGNATURE.sub(comment, pieces[0]))
    for i in range(1, len(pieces), 3):
        anchor, rest, text = pieces[i], pieces[i + 1], pieces[i + 2]
        heading = anchor
        parents.clear()
        menu = _ellipsis([EDIT], next(counter)) if rest.startswith(heading_menu + "<") else ""
        out.append(
            '<div class="mw-heading mw-heading2 ext-discussiontools-init-section">'
            f'<h2><span class="mw-headline" id="{anchor}" data-mw-thread-id="h-{anchor}">'
            f"{rest}</h2>{menu}</div>"
        )
        out.append(SIGNATURE.sub(comment, text))
    return "".join(out)


def ids(page: str) -> list[str]:
    return re.findall(r'data-mw-comment-end="([^"]+)"', page)


# DiscussionTools' overflowMenu.js, as its source does it. With window.dtStandinAfterIrs set
# (an init script), the menus are built only once IRS's menu.js has run, otherwise at once.
CLIENT = """
(function wait() {
  if (!window.mw || !mw.hook || !mw.loader || !window.$) return setTimeout(wait, 5);
  mw.hook('wikipage.content').add(function ($container) {
    function init() {
      mw.loader.using(['oojs-ui-widgets', 'oojs-ui.styles.icons-editing-core',
        'oojs-ui.styles.icons-interactions']).then(function () {
        $container.find('.ext-discussiontools-init-section-overflowMenuButton').each(
          function (i, button) {
            var $marker = $(button).closest('[data-mw-thread-id]');
            if (!$marker.length) {
              $marker = $(button).closest('.ext-discussiontools-init-section')
                .find('[data-mw-thread-id]');
            }
            var id = $marker.attr('data-mw-thread-id');
            var threadItem = { id: id, type: id.indexOf('h-') === 0 ? 'heading' : 'comment' };
            var buttonMenu = OO.ui.infuse(button, { $overlay: true, menu: {
              classes: ['ext-discussiontools-init-section-overflowMenu'],
              horizontalPosition: threadItem.type === 'heading' ? 'end' : 'start' } });
            mw.loader.using(buttonMenu.getData().resourceLoaderModules || []).then(function () {
              var itemConfigs = buttonMenu.getData().itemConfigs;
              buttonMenu.getMenu().addItems(itemConfigs.map(function (config) {
                return new OO.ui.MenuOptionWidget(config);
              }));
              buttonMenu.getMenu().items.forEach(function (menuItem) {
                mw.hook('discussionToolsOverflowMenuOnAddItem').fire(
                  menuItem.getData().id, menuItem, threadItem);
              });
              window.dtStandinMenus = (window.dtStandinMenus || 0) + 1;
            });
            buttonMenu.getMenu().on('choose', function (menuItem) {
              mw.hook('discussionToolsOverflowMenuOnChoose').fire(
                menuItem.getData().id, menuItem, threadItem);
            });
          });
      });
    }
    if (!window.dtStandinAfterIrs) return init();
    (function later() {
      if (window.irsDiscussionTools) setTimeout(init, 50); else setTimeout(later, 10);
    })();
  });
})();
"""
