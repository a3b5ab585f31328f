"""DTI: the ranking of departments and communes, a unit's scorecard ("what would raise our score most"),
the province's own index across years, and the DT office's entry of component values."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from civildesk.org.models import Unit
from civildesk.org.workflow import field_errors

from .. import charts, dti, dti_frameworks
from ..forms import DtiForm
from ..labels import group_labels
from ..services import ranking
from .common import require_view


def _year(request: HttpRequest) -> int:
    raw = request.GET.get("year", "")
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else min(2025, timezone.localdate().year)


def _lang() -> str:
    return (get_language() or "vi")[:2]


@login_required
def ranking_page(request: HttpRequest) -> HttpResponse:
    require_view(request.user)
    year = _year(request)
    labels = group_labels()
    groups = [(labels[g.key], g) for g in ranking.ranking(year)]
    province = Unit.objects.active().filter(depth=0).first()
    series = ranking.province_series(province, list(range(year - 4, year + 1))) if province else []
    chart = charts.lines(
        [(_("Provincial DTI (0–1)"), [float(c.index) if c else None for _y, _f, c in series])],
        [y for y, _f, _c in series],
        title=_("The province's DTI across years"),
        maximum=1.0,
        ident="dti-trend",
    )
    return render(
        request,
        "monitoring/ranking.html",
        {
            "year": year,
            "groups": groups,
            "series": series,
            "chart": chart,
            "framework": dti_frameworks.LOCAL,
            "lang": _lang(),
            "years": list(range(2021, 2026)),
        },
    )


@login_required
def scorecard(request: HttpRequest, unit_pk: int) -> HttpResponse:
    require_view(request.user)
    unit = get_object_or_404(Unit, pk=unit_pk)
    year = _year(request)
    fw = ranking.province_framework(year) if unit.depth == 0 else dti_frameworks.LOCAL
    card = ranking.scorecard(unit, year, fw)
    lang = _lang()
    rows = [(g, i, c, card.components.get(c.code, 0.0)) for g in fw.groups for i in g.indices for c in i.components]
    return render(
        request,
        "monitoring/scorecard.html",
        {
            "unit": unit,
            "year": year,
            "framework": fw,
            "card": card,
            "rows": rows,
            "headroom": dti.headroom(fw, card),
            "lang": lang,
            "can_enter": ranking.may_enter(request.user, unit),
        },
    )


@login_required
def dti_entry(request: HttpRequest, unit_pk: int, year: int) -> HttpResponse:
    unit = get_object_or_404(Unit, pk=unit_pk)
    if not ranking.may_enter(request.user, unit):
        raise PermissionDenied
    if not 2000 <= year <= 2100:
        raise Http404
    fw = ranking.province_framework(year) if unit.depth == 0 else dti_frameworks.LOCAL
    current = ranking.inputs(fw, [year], [unit.pk]).get((year, unit.pk), {})
    form = DtiForm(request.POST or None, framework=fw, language=_lang(), initial_values=current)
    if request.method == "POST" and form.is_valid():
        values: dict[str, Decimal | None] = {
            c.code: form.cleaned_data.get(f"c_{c.code}") for c in fw.components() if not c.measure
        }
        try:
            ranking.dti_input_set(
                actor=request.user,
                framework=fw,
                year=year,
                unit=unit,
                values=values,
                evidence=form.cleaned_data["evidence"],
            )
        except ValidationError as exc:
            field_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(f"{redirect('monitoring:scorecard', unit_pk=unit.pk).url}?year={year}")
    return render(
        request,
        "monitoring/form_page.html",
        {
            "form": form,
            "title": _("DTI values of %(unit)s, %(year)s") % {"unit": unit.name, "year": year},
            "back": f"{redirect('monitoring:scorecard', unit_pk=unit.pk).url}?year={year}",
        },
        status=400 if form.is_bound else 200,
    )
