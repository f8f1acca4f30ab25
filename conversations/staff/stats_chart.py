"""``/stats`` as a picture (issue 23): submissions and decisions per week and kind (the last 12
weeks), the median days from submission to each step, and the applicants' path through each
application's sections (how many reached each, how many stopped there) — every figure computed by
the database (``storage.stats``), the drawing off the event loop (``kit.chart``, loaded with the
first chart)."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Mapping, Sequence

from conversations.kit.application import PROGRESS, Application
from conversations.kit.chart import PALETTE, Panel, Row, Series, StatsChart, render
from conversations.kit.context import Ctx
from conversations.kit.i18n import Translator
from scoring.validators import IRAN_TIME, format_jalali
from storage import stats
from storage.scope import scope


def scope_name(ctx: Ctx) -> str:
    """Whose files the figures count (issue 25): the one organization; with PROVINCES_FILE, the
    organizations of the staff member's provinces, or national (every province served)."""
    t, services = ctx.t, ctx.services
    if not services.tenants:
        return services.org.name(t.lang)
    held = scope(ctx.session)
    if held is None:
        return t("stats-scope-national", org=services.org.name(t.lang), n=t.digits(len(services.orgs)))
    return t.join(services.org_of(p).name(t.lang) for p in sorted(held))


def _day(t: Translator, moment: dt.datetime) -> str:
    """A week's first day, month/day of the Jalali calendar (the year is in the subtitle)."""
    return t.digits(format_jalali(moment.astimezone(IRAN_TIME).date())[5:])


def _figure(t: Translator, value: float) -> str:
    """One decimal at most, in the language's digits and decimal mark."""
    return t.digits(f"{value:.1f}".removesuffix(".0")).replace(".", "٫" if t.lang == "fa" else ".")


def _wait(t: Translator, days: float) -> str:
    """A median wait in days, or in hours or minutes when under a day (a file decided the day it
    came reads "3 hours", not "0 days")."""
    if days >= 1:
        return t("chart-wait-days", days=_figure(t, days))
    if days * 24 >= 1:
        return t("chart-wait-hours", hours=_figure(t, days * 24))
    return t("chart-wait-minutes", minutes=t.digits(max(round(days * 24 * 60), 1)))


async def stats_chart(ctx: Ctx, applications: Mapping[str, Application], kinds: Sequence[str], days: int) -> bytes:
    """The chart of ``kinds`` as a PNG: the figures read in this update's session, drawn in a
    thread."""
    t = ctx.t
    weekly = await stats.weekly(ctx.session)
    waits = await stats.step_waits(ctx.session, days=days)
    colours = {kind: PALETTE[n % len(PALETTE)] for n, kind in enumerate(applications)}
    series = [
        Series(
            t(f"kind-{kind}"),
            colours[kind],
            weekly.submitted.get(kind, [0] * weekly.weeks),
            weekly.decided.get(kind, [0] * weekly.weeks),
        )
        for kind in kinds
    ]
    by_step = {(w.kind, w.status): w for w in waits}
    wait_rows = [
        Row(
            t("chart-wait-row", kind=t(f"kind-{kind}"), status=t(f"status-{status}")),
            found.median_days,
            t("chart-wait-value", wait=_wait(t, found.median_days), n=t.digits(found.count)),
            colour=colours[kind],
        )
        for kind in kinds
        for status in applications[kind].process.statuses
        if (found := by_step.get((kind, status))) is not None
    ]
    panels = [Panel(t("chart-waits", days=t.digits(days)), wait_rows, empty=t("chart-no-waits"))]
    for kind in kinds:
        sections = applications[kind].sections
        if len(sections) < 2:  # one section: no path to follow
            continue
        path = await stats.funnel(ctx.session, kind, [s.key for s in sections], PROGRESS, days=days)
        labels = [s.label(t.lang) for s in sections] + [t("chart-funnel-confirm")]
        rows = [
            Row(
                label,
                path.reached[n],
                t("chart-funnel-row", reached=t.digits(path.reached[n]), stopped=t.digits(path.stopped[n])),
                part=path.stopped[n],
                colour=colours[kind],
            )
            for n, label in enumerate(labels)
        ]
        rows.append(
            Row(
                t("chart-funnel-submitted"),
                path.submitted,
                t.digits(path.submitted),
                part=path.submitted,
                colour=colours[kind],
            )
        )
        panels.append(
            Panel(
                t("chart-funnel", kind=t(f"kind-{kind}"), days=t.digits(days), begun=t.digits(path.begun)),
                rows if path.begun else [],
                empty=t("chart-funnel-none"),
                note=t("chart-funnel-legend") if path.begun else "",
            )
        )
    today = format_jalali(dt.datetime.now(IRAN_TIME).date())
    chart = StatsChart(
        lang=t.lang,
        title=t("chart-title"),
        subtitle=t("chart-subtitle", date=t.digits(today), org=scope_name(ctx)),
        weekly_title=t("chart-weekly", weeks=t.digits(weekly.weeks)),
        weeks=[_day(t, weekly.start + dt.timedelta(weeks=n)) for n in range(weekly.weeks)],
        series=series,
        submitted_label=t("chart-submitted"),
        decided_label=t("chart-decided"),
        panels=panels,
        digits=tuple(t.digits(str(d)) for d in range(10)),
    )
    return await asyncio.to_thread(render, chart)
