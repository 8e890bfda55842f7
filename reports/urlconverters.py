"""The `ref` path converter: a report reference as IRS writes them (reports.models.
new_reference), so a path holding anything else (a NUL, another shape) is 404 at the URL
resolver, before any view or query sees it."""

from django.urls import register_converter


class ReferenceConverter:
    regex = "R-[0-9A-Z]{4}-[0-9A-Z]{4}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(ReferenceConverter, "ref")
