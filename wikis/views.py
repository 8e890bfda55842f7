import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from irs import text as irs_text
from irs.bodylimit import accepts_large_body
from wikis import schema_form
from wikis.access import get_revision, get_wiki, require_editor
from wikis.changes import changes as config_changes
from wikis.models import ConfigAuditEntry
from wikis.revisions import (
    ConfigInvalid,
    EditConflict,
    NoChange,
    diff_lines,
    pretty,
    revert,
    save_config,
)
from wikis.schema import CURRENT_VERSION, FieldError
from wikis.validation import ValidationResult, validate_config

MAX_SUMMARY = 500
HISTORY_CHANGES = 5  # changes listed per revision in the history (the diff lists them all)


def config_view(request, wiki):
    """The configuration in force, readable by everyone (it holds no secrets by design)."""
    wiki = get_wiki(wiki)
    revision = wiki.current_revision
    data = wiki.config
    sections, _rendered = schema_form.build(data)
    return render(
        request,
        "wikis/config_view.html",
        {
            "wiki": wiki,
            "revision": revision,
            "sections": sections,
            "pretty": pretty(data),
            "can_edit": wiki.is_admin(request.user),
        },
    )


def config_json(request, wiki):
    wiki = get_wiki(wiki)
    response = JsonResponse(wiki.config, json_dumps_params={"indent": 2, "ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _summary(request) -> str:
    return request.POST.get("summary", "").strip()


def _save(request, wiki, data, *, action, base_id):
    """Try to save; returns (response or None, ValidationResult or None, extra errors)."""
    summary = _summary(request)
    problem = irs_text.check(summary)
    if problem:
        return None, ValidationResult(errors=[FieldError(("summary",), problem, "text")])
    summary = irs_text.normalise(summary)
    if len(summary) > MAX_SUMMARY:
        result = ValidationResult(
            errors=[
                FieldError(
                    ("summary",),
                    _("The summary is too long: at most %(max)d characters.")
                    % {"max": MAX_SUMMARY},
                    "too_long",
                )
            ]
        )
        return None, result
    try:
        revision, result = save_config(
            wiki,
            data,
            author=request.user,
            summary=summary,
            action=action,
            base_revision_id=base_id,
        )
    except ConfigInvalid as exc:
        return None, exc.result
    except EditConflict:
        result = ValidationResult(
            errors=[
                FieldError(
                    (),
                    _(
                        "Someone else saved the configuration after you opened the editor. "
                        "Your changes were not saved: open the editor again and redo them."
                    ),
                    "conflict",
                )
            ]
        )
        return None, result
    except NoChange:
        messages.info(request, _("Nothing changed, so nothing was saved."))
        return redirect("wikis:config", wiki.slug), None
    messages.success(request, _("Saved as revision %(label)s.") % {"label": revision.label})
    for warning in result.warnings:
        messages.warning(request, warning.message)
    return redirect("wikis:config", wiki.slug), None


def _base_id(request):
    try:
        return int(request.POST.get("base", ""))
    except ValueError:
        return None


@accepts_large_body
@login_required
@require_http_methods(["GET", "POST"])
def config_edit(request, wiki):
    """The form generated from the schema. Add/remove/move are plain submit buttons."""
    wiki = get_wiki(wiki)
    require_editor(request.user, wiki)
    current = wiki.current_revision
    base_id = current.pk if current else None
    data = wiki.config
    form_errors: dict[str, list[str]] = {}
    result = None
    focus = ""
    status = 200
    if request.method == "POST":
        base_id = _base_id(request)
        data, form_errors = schema_form.parse(request.POST)
        op = request.POST.get("op", "")
        if op:
            data, focus = schema_form.apply_op(data, op, request.POST.get("new_type", ""))
            form_errors = {}
        elif form_errors:
            # Say everything that is wrong at once; what could not be read is not "missing".
            result = validate_config(data, wiki=wiki.slug, check_titles=False)
            result.errors = [e for e in result.errors if e.pointer not in form_errors]
            status = 422
        else:
            response, result = _save(
                request, wiki, data, action=ConfigAuditEntry.Action.EDIT, base_id=base_id
            )
            if response is not None:
                return response
            status = 422
    errors = dict(form_errors)
    if result is not None:
        for pointer, texts in result.errors_by_pointer().items():
            errors.setdefault(pointer, []).extend(texts)
    sections, rendered = schema_form.build(data, errors, focus)
    summary_errors = _summary_list(errors, rendered)
    return render(
        request,
        "wikis/config_edit.html",
        {
            "wiki": wiki,
            "sections": sections,
            "contents": schema_form.contents(sections),
            "errors": summary_errors,
            "base_id": base_id or "",
            "summary": _summary(request) if request.method == "POST" else "",
            "summary_errors": errors.get("/summary", []),
            "max_summary": MAX_SUMMARY,
            "focus": focus,
        },
        status=status,
    )


def _summary_list(errors: dict[str, list[str]], rendered: set[str]) -> list[dict]:
    out = []
    for pointer, texts in sorted(errors.items()):
        anchor = pointer
        while anchor and anchor not in rendered:
            anchor = anchor.rpartition("/")[0]
        for text in texts:
            out.append(
                {
                    "pointer": pointer or "/",
                    "message": text,
                    "anchor": schema_form.field_id(anchor) if anchor in rendered and anchor else "",
                }
            )
    return out


@accepts_large_body
@login_required
@require_http_methods(["GET", "POST"])
def config_raw(request, wiki):
    """The whole configuration as JSON text, for admins who prefer it."""
    wiki = get_wiki(wiki)
    require_editor(request.user, wiki)
    current = wiki.current_revision
    text = pretty(wiki.config)
    base_id = current.pk if current else None
    result = None
    status = 200
    if request.method == "GET" and current is not None and irs_text.has_surrogates(current.data):
        messages.warning(
            request,
            _(
                "The configuration holds invalid characters, saved before IRS refused them; "
                "they are shown here as �. Check those places and save to repair it."
            ),
        )
    if request.method == "POST":
        base_id = _base_id(request)
        text = request.POST.get("raw", "")
        try:
            data = json.loads(text)
        except RecursionError:
            data = None
            result = ValidationResult(
                errors=[
                    FieldError(
                        (),
                        _("Not valid JSON: %(problem)s") % {"problem": "nested too deeply"},
                        "json",
                    )
                ]
            )
        except ValueError as exc:
            result = ValidationResult(
                errors=[
                    FieldError((), _("Not valid JSON: %(problem)s") % {"problem": str(exc)}, "json")
                ]
            )
        if result is None:
            response, result = _save(
                request, wiki, data, action=ConfigAuditEntry.Action.RAW_EDIT, base_id=base_id
            )
            if response is not None:
                return response
        status = 422
    return render(
        request,
        "wikis/config_raw.html",
        {
            "wiki": wiki,
            "text": text,
            "errors": result.errors if result else [],
            "base_id": base_id or "",
            "summary": _summary(request) if request.method == "POST" else "",
            "max_summary": MAX_SUMMARY,
            "schema_version": CURRENT_VERSION,
        },
        status=status,
    )


def history(request, wiki):
    wiki = get_wiki(wiki)
    revisions = wiki.config_revisions.select_related("author").order_by("-id")
    page = Paginator(revisions, 50).get_page(request.GET.get("page"))
    audit = {
        entry.revision_id: entry
        for entry in ConfigAuditEntry.objects.filter(
            wiki=wiki, revision__in=[revision.pk for revision in page]
        )
    }
    revisions = list(page)
    older = revisions[-1].previous() if revisions else None
    rows = []
    for index, revision in enumerate(revisions):
        previous = revisions[index + 1] if index + 1 < len(revisions) else older
        found = config_changes(previous.data, revision.data) if previous else []
        rows.append(
            {
                "revision": revision,
                "audit": audit.get(revision.pk),
                "first": previous is None,
                "changes": found[:HISTORY_CHANGES],
                "more": max(0, len(found) - HISTORY_CHANGES),
            }
        )
    return render(
        request,
        "wikis/history.html",
        {
            "wiki": wiki,
            "page": page,
            "rows": rows,
            "current_id": wiki.current_revision.pk if wiki.current_revision else None,
            "can_edit": wiki.is_admin(request.user),
        },
    )


def revision_view(request, wiki, revision):
    wiki = get_wiki(wiki)
    revision = get_revision(wiki, revision)
    return render(
        request,
        "wikis/revision.html",
        {
            "wiki": wiki,
            "revision": revision,
            "pretty": pretty(revision.data),
            "previous": revision.previous(),
            "can_edit": wiki.is_admin(request.user),
            "is_current": wiki.current_revision == revision,
        },
    )


def diff(request, wiki):
    """Two revisions of this wiki side by side as a unified diff of their JSON."""
    wiki = get_wiki(wiki)
    new = (
        get_revision(wiki, request.GET.get("to"))
        if request.GET.get("to")
        else (wiki.current_revision)
    )
    if new is None:
        return redirect("wikis:history", wiki.slug)
    if request.GET.get("from"):
        old = get_revision(wiki, request.GET.get("from"))
    else:
        old = new.previous()
    lines = diff_lines(
        old.data if old else {},
        new.data,
        old_label=old.label if old else "",
        new_label=new.label,
    )
    return render(
        request,
        "wikis/diff.html",
        {
            "wiki": wiki,
            "old": old,
            "new": new,
            "lines": lines,
            "changes": config_changes(old.data, new.data) if old else None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def revert_view(request, wiki, revision):
    wiki = get_wiki(wiki)
    require_editor(request.user, wiki)
    revision = get_revision(wiki, revision)
    errors = []
    if request.method == "POST":
        summary = _summary(request)[: MAX_SUMMARY - 20]
        try:
            new, _result = revert(wiki, revision, author=request.user, summary=summary)
        except NoChange:
            messages.info(request, _("That revision is already the configuration in force."))
            return redirect("wikis:history", wiki.slug)
        except ConfigInvalid as exc:
            errors = exc.result.errors
        else:
            messages.success(
                request,
                _("Reverted to %(old)s as revision %(new)s.")
                % {"old": revision.label, "new": new.label},
            )
            return redirect(reverse("wikis:history", args=[wiki.slug]))
    current = wiki.current_revision
    return render(
        request,
        "wikis/revert.html",
        {
            "wiki": wiki,
            "revision": revision,
            "errors": errors,
            "lines": diff_lines(
                current.data if current else {},
                revision.data,
                old_label=current.label if current else "",
                new_label=revision.label,
            ),
            "changes": config_changes(current.data, revision.data) if current else None,
        },
        status=422 if errors else 200,
    )
