"""Read an HTML form the way a browser would submit it (for client tests of the editor)."""

from html.parser import HTMLParser

from django.utils.datastructures import MultiValueDict


class _FormReader(HTMLParser):
    def __init__(self, form_class: str):
        super().__init__(convert_charrefs=True)
        self.form_class = form_class
        self.inside = False
        self.fields: list[tuple[str, str]] = []
        self.select_name = None
        self.select_first = None
        self.select_chosen = None
        self.textarea_name = None
        self.textarea_text = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and self.form_class in (attrs.get("class") or "").split():
            self.inside = True
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.fields.append((name, attrs.get("value", "on")))
            elif kind not in ("submit", "button"):
                self.fields.append((name, attrs.get("value", "")))
        elif tag == "select" and name:
            self.select_name, self.select_first, self.select_chosen = name, None, None
        elif tag == "option" and self.select_name:
            value = attrs.get("value", "")
            if self.select_first is None:
                self.select_first = value
            if "selected" in attrs:
                self.select_chosen = value
        elif tag == "textarea" and name:
            self.textarea_name, self.textarea_text = name, ""

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select" and self.select_name:
            chosen = self.select_chosen if self.select_chosen is not None else self.select_first
            self.fields.append((self.select_name, chosen or ""))
            self.select_name = None
        elif tag == "textarea" and self.textarea_name:
            text = self.textarea_text
            if text.startswith("\n"):
                text = text[1:]
            self.fields.append((self.textarea_name, text))
            self.textarea_name = None

    def handle_data(self, data):
        if self.textarea_name:
            self.textarea_text += data


def form_fields(html: bytes | str, form_class: str = "config-form") -> MultiValueDict:
    reader = _FormReader(form_class)
    reader.feed(html.decode() if isinstance(html, bytes) else html)
    out = MultiValueDict()
    for name, value in reader.fields:
        out.appendlist(name, value)
    return out


def as_post(fields: MultiValueDict) -> dict:
    return {key: fields.getlist(key) for key in fields}


def post_form(client, url: str, data: dict, **extra):
    """POST as a browser does: application/x-www-form-urlencoded."""
    from urllib.parse import urlencode

    return client.post(
        url,
        urlencode(data, doseq=True),
        content_type="application/x-www-form-urlencoded",
        **extra,
    )
