// The échéancier's month and week views: one cell per day with its deadlines and hearings. A month is a table of
// weeks on wide screens and, on a phone, the list of the days that hold something (CSS only: same markup).
import type { DeadlineOut, HearingOut } from "../api_echeances";
import { addDays, daysBetween, longDay, mondayOf, monthEnd, monthStart, shortDay, today } from "../echeance_format";

export type CalendarView = "mois" | "semaine";

/** The first and last day shown for `anchor`: whole weeks covering the month, or the week. */
export function calendarRange(view: CalendarView, anchor: string): { first: string; last: string } {
  if (view === "semaine") {
    const first = mondayOf(anchor);
    return { first, last: addDays(first, 6) };
  }
  const first = mondayOf(monthStart(anchor));
  return { first, last: addDays(mondayOf(monthEnd(anchor)), 6) };
}

const WEEKDAYS = ["Lundi", "Mardi", "Mercredi", "Jeudi", "Vendredi", "Samedi", "Dimanche"];

function DayCell({ day, inMonth, deadlines, hearings }: { day: string; inMonth: boolean; deadlines: DeadlineOut[]; hearings: HearingOut[] }) {
  const empty = deadlines.length === 0 && hearings.length === 0;
  const classes = ["jour", inMonth ? "" : "hors-mois", empty ? "vide" : "", day === today() ? "aujourdhui" : ""].filter(Boolean).join(" ");
  return (
    <td class={classes} aria-label={longDay(day)}>
      <span class="numero" aria-hidden="true">
        {shortDay(day)}
      </span>
      {empty ? null : (
        <ul class="simple">
          {hearings.map((hearing) => (
            <li key={hearing.id} class="evenement audience">
              <a href={`/dossiers/${encodeURIComponent(hearing.dossier.id)}?onglet=echeances`}>
                Audience {hearing.time ?? ""} — {hearing.dossier.reference}
              </a>
            </li>
          ))}
          {deadlines.map((deadline) => (
            <li key={deadline.id} class={`evenement ${deadline.overdue ? "en-retard" : ""} ${deadline.status}`}>
              <a href={`/dossiers/${encodeURIComponent(deadline.dossier.id)}?onglet=echeances`}>
                {deadline.title} — {deadline.dossier.reference}
              </a>
              {deadline.status === "fait" ? <span class="discret"> (faite)</span> : null}
            </li>
          ))}
        </ul>
      )}
    </td>
  );
}

export function Calendar({
  view,
  anchor,
  deadlines,
  hearings,
}: {
  view: CalendarView;
  anchor: string;
  deadlines: DeadlineOut[];
  hearings: HearingOut[];
}) {
  const { first, last } = calendarRange(view, anchor);
  const days = daysBetween(first, last);
  const weeks: string[][] = [];
  for (let index = 0; index < days.length; index += 7) weeks.push(days.slice(index, index + 7));
  const month = anchor.slice(0, 7);
  return (
    <table class={`calendrier ${view}`}>
      <thead>
        <tr>
          {WEEKDAYS.map((name) => (
            <th key={name} scope="col">
              {name}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {weeks.map((week) => (
          <tr key={week[0]}>
            {week.map((day) => (
              <DayCell
                key={day}
                day={day}
                inMonth={view === "semaine" || day.startsWith(month)}
                deadlines={deadlines.filter((deadline) => deadline.due_date === day)}
                hearings={hearings.filter((hearing) => hearing.date === day)}
              />
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
