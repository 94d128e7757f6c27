import { date, dateTime, words } from './format';
import { type Deadline } from './types';

/** One legal clock: what it is, when it is due and its state, and the provision it implements. */
export function ClockItem({ clock, showSubject }: { clock: Deadline; showSubject: boolean }) {
  return (
    <li class="shieldline-board-item">
      <strong>{clock.description}</strong>
      {showSubject ? ` ${clock.subjectRef}` : ''} · due{' '}
      {clock.dueAt ? dateTime(clock.dueAt) : date(clock.dueOn)} ({words(clock.status)})
      <br />
      <span class="govuk-body-s">
        {clock.citation}
        {clock.verified ? '' : ' — not verified against the text'}
      </span>
    </li>
  );
}
