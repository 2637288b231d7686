"""A small HTTP browser for the live smoke: real requests to a running server, a cookie jar,
and HTML forms filled in and submitted the way a browser would (standard library only)."""

from __future__ import annotations

import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser


@dataclass
class Form:
    action: str
    method: str
    attrs: dict
    fields: list[tuple[str, str]] = field(default_factory=list)  # submitted by default
    options: dict[str, list[str]] = field(default_factory=dict)  # radios/selects/checkboxes
    buttons: list[tuple[str, str, str]] = field(default_factory=list)  # name, value, label
    names: set[str] = field(default_factory=set)
    types: dict[str, str] = field(default_factory=dict)  # name -> input type / tag
    required: set[str] = field(default_factory=set)
    text: str = ""


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self.form: Form | None = None
        self.select: str | None = None
        self.select_first: str | None = None
        self.select_chosen = False
        self.textarea: str | None = None
        self.textarea_text = ""
        self.button: list | None = None

    def handle_starttag(self, tag, attrs):  # noqa: C901  one branch per HTML element the crawler follows
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            self.form = Form(action=a.get("action", ""), method=a.get("method", "get").lower(),
                             attrs=a)
            self.forms.append(self.form)
            return
        form = self.form
        if form is None:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            form.names.add(name)
            form.types.setdefault(name, kind)
            if "required" in a:
                form.required.add(name)
            if kind in ("submit", "image", "button", "reset"):
                if kind == "submit":
                    form.buttons.append((name, a.get("value", ""), a.get("value", "")))
            elif kind in ("checkbox", "radio"):
                form.options.setdefault(name, []).append(a.get("value", "on"))
                if "checked" in a:
                    form.fields.append((name, a.get("value", "on")))
            elif kind != "file":
                form.fields.append((name, a.get("value", "")))
        elif tag == "select" and name:
            form.names.add(name)
            form.types[name] = "select"
            self.select, self.select_first, self.select_chosen = name, None, False
        elif tag == "option" and self.select:
            value = a.get("value", "")
            form.options.setdefault(self.select, []).append(value)
            if self.select_first is None:
                self.select_first = value
            if "selected" in a:
                form.fields.append((self.select, value))
                self.select_chosen = True
        elif tag == "textarea" and name:
            form.names.add(name)
            form.types[name] = "textarea"
            self.textarea, self.textarea_text = name, ""
        elif tag == "button":
            self.button = [a.get("name", ""), a.get("value", ""), "", a.get("type", "submit")]

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "select" and self.select:
            if not self.select_chosen and self.select_first is not None and self.form:
                self.form.fields.append((self.select, self.select_first))
            self.select = None
        elif tag == "textarea" and self.textarea and self.form:
            self.form.fields.append((self.textarea, self.textarea_text.lstrip("\n")))
            self.textarea = None
        elif tag == "button" and self.button is not None:
            name, value, label, kind = self.button
            if self.form is not None and kind == "submit":
                self.form.buttons.append((name, value, " ".join(label.split())))
            self.button = None

    def handle_data(self, data):
        if self.textarea:
            self.textarea_text += data
        if self.button is not None:
            self.button[2] += data
        if self.form is not None:
            self.form.text += data


@dataclass
class Page:
    url: str
    status: int
    text: str
    headers: dict

    def forms(self) -> list[Form]:
        parser = _FormParser()
        parser.feed(self.text)
        return parser.forms

    def form(self, *, button: str | None = None, action: str | None = None,
             has: str | None = None) -> Form:
        """The form with a submit button labelled ``button`` / whose action contains
        ``action`` / with a field named ``has``."""
        for form in self.forms():
            if button and not any(button in label for _, _, label in form.buttons):
                continue
            if action and action not in form.action:
                continue
            if has and has not in form.names:
                continue
            return form
        raise AssertionError(f"no form (button={button!r}, action={action!r}, has={has!r}) "
                             f"on {self.url}:\n{self.visible_text()[:3000]}")

    def visible_text(self) -> str:
        text = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", self.text)
        return " ".join(unescape(re.sub(r"<[^>]+>", " ", text)).split())

    def links(self, pattern: str) -> list[str]:
        """Links (href, and htmx's hx-get/hx-post) matching a regular expression, in page
        order, without duplicates."""
        found = [unescape(h) for h in re.findall(r'(?:href|hx-get|hx-post)="([^"]+)"',
                                                 self.text)]
        return list(dict.fromkeys(h for h in found if re.search(pattern, h)))


class Browser:
    def __init__(self, base_url: str):
        self.base = base_url.rstrip("/")
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def _url(self, path: str) -> str:
        return path if path.startswith("http") else self.base + path

    def request(self, method: str, path: str, data=None, headers=None) -> Page:
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        url = self._url(path)
        assert url.startswith(("http://", "https://")), url
        req = urllib.request.Request(url, data=body, method=method,  # noqa: S310  http(s) only
                                     headers={"User-Agent": "creaconnect-live-smoke",
                                              **(headers or {})})
        try:
            with self.opener.open(req, timeout=60) as response:
                raw = response.read()
                return Page(response.url, response.status, raw.decode(errors="replace"),
                            dict(response.headers))
        except urllib.error.HTTPError as exc:
            raw = exc.read()
            return Page(exc.url, exc.code, raw.decode(errors="replace"), dict(exc.headers))

    def get(self, path: str, **kwargs) -> Page:
        return self.request("GET", path, **kwargs)

    def csrf(self) -> str:
        return next((c.value for c in self.jar if c.name == "csrftoken"), "")

    def post(self, path: str, data: dict | list, **kwargs) -> Page:
        pairs = list(data.items()) if isinstance(data, dict) else list(data)
        if not any(k == "csrfmiddlewaretoken" for k, _ in pairs):
            pairs.append(("csrfmiddlewaretoken", self.csrf()))
        return self.request("POST", path, data=pairs, **kwargs)

    def submit(self, page: Page, form: Form, data: dict | None = None,
               button: str | None = None) -> Page:
        """Submit ``form`` of ``page``: its default values, ``data`` on top (a list value
        sends the name several times; None removes it), and the named button's value."""
        data = data or {}
        pairs = [(k, v) for k, v in form.fields if k not in data]
        for key, value in data.items():
            if value is None:
                continue
            for v in (value if isinstance(value, list) else [value]):
                pairs.append((key, str(v)))
        if button is not None:
            name, value, _ = next(b for b in form.buttons if button in b[2])
            if name:
                pairs.append((name, value))
        action = urllib.parse.urljoin(page.url, form.action or page.url)
        if form.method == "post":
            return self.post(action, pairs)
        return self.get(action + "?" + urllib.parse.urlencode(pairs))
