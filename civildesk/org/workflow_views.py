"""The one view that applies a declared transition, for every workflow.

An app wires it with the object lookup it already has (which refuses what
the user may not see) and the function that renders the object's page::

    case_action = transition_view(workflows.cases, get_object=_case_or_404, page=_case_page)

The page template shows ``workflow.actions(user, obj, bound)`` with
``{% include "org/_transitions.html" %}``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .workflow import SYSTEM, Workflow, field_errors


def transition_view(
    workflow: Workflow,
    *,
    get_object: Callable[[Any, int], Any],
    page: Callable[..., HttpResponse],
) -> Callable[..., HttpResponse]:
    @login_required
    @require_POST
    def view(request: HttpRequest, pk: int, name: str) -> HttpResponse:
        obj = get_object(request.user, pk)
        t = workflow.get(name)
        if t is None or t.permission == SYSTEM:
            raise Http404
        form = workflow.form(t, obj, request.POST, request.FILES)
        error: ValidationError | None = None
        if form is None or form.is_valid():
            try:
                workflow.apply(obj, name, actor=request.user, **(form.cleaned_data if form is not None else {}))
            except ValidationError as exc:
                error = exc
                if form is not None:
                    field_errors(form, exc)
            else:
                messages.success(request, _("Done: %(action)s.") % {"action": t.label})
                return redirect(obj)
        obj.refresh_from_db()
        if form is None and error is not None:
            messages.error(request, " ".join(error.messages))
            return redirect(obj)
        messages.error(request, _("%(action)s: please correct the errors below.") % {"action": t.label})
        return page(request, obj, {name: form}, status=400)

    view.__name__ = f"{workflow.name.replace('.', '_')}_transition"
    return view
