import { CONSOLE_CASE } from '../../src/api/console-documents';
import { useState } from 'preact/hooks';
import { ClockItem } from './clock';
import { date, dateTime, words } from './format';
import { request } from './graphql';
import { ErrorSummary, useProblem } from './problem';
import { type Session } from './session';
import { type Alert, type Deadline } from './types';

interface TimelineEntry {
  eventId: string;
  agency: string;
  source: string;
  eventType: string;
  occurredAt: string | null;
  receivedAt: string;
  summary: string;
}

interface CaseView {
  urn: string;
  stage: string;
  policeArea: string | null;
  domesticAbuse: boolean | null;
  timeLimitMarkedOn: string | null;
  deadlines: Deadline[];
  decisions: {
    decision: string;
    decidedOn: string;
    reason: string | null;
    charges: { description: string }[];
  }[];
  hearings: {
    reference: string;
    court: string | null;
    hearingType: string | null;
    listedFor: string | null;
    outcome: string | null;
  }[];
  alerts: Alert[];
  timeline: {
    edges: { node: TimelineEntry }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}

/**
 * A prosecutor's (or officer's) case: its unified timeline across police, CPS and court, each entry with
 * where it came from and when the hub received it, and its clocks with their legal source.
 */
export function CasePage({
  session,
  onSignedOut,
}: {
  session: Session;
  onSignedOut: (reason: string) => void;
}) {
  const [urn, setUrn] = useState('');
  const [found, setFound] = useState<CaseView | null | undefined>(undefined);
  const [entries, setEntries] = useState<TimelineEntry[]>([]);
  const { problem, setProblem, failed } = useProblem(onSignedOut);

  const load = async (after: string | null) => {
    setProblem(null);
    try {
      const data = await request<{ case: CaseView | null }>(session, CONSOLE_CASE, {
        urn: urn.trim(),
        after,
      });
      setFound(data.case);
      const more = data.case?.timeline.edges.map((e) => e.node) ?? [];
      setEntries((current) => (after ? [...current, ...more] : more));
    } catch (err) {
      failed(err);
    }
  };

  return (
    <>
      <h1 class="govuk-heading-l">Case</h1>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!urn.trim()) return setProblem('Enter the police URN');
          void load(null);
        }}
        noValidate
      >
        <ErrorSummary problem={problem} />
        <div class="govuk-form-group">
          <label class="govuk-label" for="urn">
            Police URN
          </label>
          <input
            class="govuk-input govuk-input--width-20"
            id="urn"
            value={urn}
            onInput={(e) => setUrn(e.currentTarget.value)}
          />
        </div>
        <button type="submit" class="govuk-button">
          Open case
        </button>
      </form>
      {found === null && (
        <section id="case" aria-live="polite">
          <p class="govuk-body">No case with that URN that you may see.</p>
        </section>
      )}
      {found && (
        <section id="case" aria-live="polite" data-case={found.urn}>
          <h2 class="govuk-heading-m">Case {found.urn}</h2>
          <dl class="govuk-summary-list">
            <div class="govuk-summary-list__row">
              <dt class="govuk-summary-list__key">Stage</dt>
              <dd class="govuk-summary-list__value">{words(found.stage)}</dd>
            </div>
            <div class="govuk-summary-list__row">
              <dt class="govuk-summary-list__key">Police area</dt>
              <dd class="govuk-summary-list__value">{found.policeArea ?? 'not stated'}</dd>
            </div>
            <div class="govuk-summary-list__row">
              <dt class="govuk-summary-list__key">Time limit marked by CPS</dt>
              <dd class="govuk-summary-list__value">
                {found.timeLimitMarkedOn ? date(found.timeLimitMarkedOn) : 'not marked'}
              </dd>
            </div>
          </dl>
          <h3 class="govuk-heading-s">Clocks</h3>
          {found.deadlines.length === 0 ? (
            <p class="govuk-body">No clock runs on this case.</p>
          ) : (
            <ul class="govuk-list" id="case-clocks">
              {found.deadlines.map((d) => (
                <ClockItem clock={d} showSubject={false} key={d.id} />
              ))}
            </ul>
          )}
          {found.decisions.length > 0 && (
            <>
              <h3 class="govuk-heading-s">Charging decisions</h3>
              <ul class="govuk-list">
                {found.decisions.map((d) => (
                  <li key={`${d.decidedOn}-${d.decision}`}>
                    {date(d.decidedOn)}: {words(d.decision)}
                    {d.charges.length > 0 ? ` — ${d.charges.map((c) => c.description).join('; ')}` : ''}
                    {d.reason ? ` (${d.reason})` : ''}
                  </li>
                ))}
              </ul>
            </>
          )}
          {found.hearings.length > 0 && (
            <>
              <h3 class="govuk-heading-s">Hearings</h3>
              <ul class="govuk-list">
                {found.hearings.map((h) => (
                  <li key={h.reference}>
                    {dateTime(h.listedFor)}: {h.hearingType ? words(h.hearingType) : 'hearing'} at{' '}
                    {h.court ?? 'a court not stated'}
                    {h.outcome ? ` — ${h.outcome}` : ''}
                  </li>
                ))}
              </ul>
            </>
          )}
          <h3 class="govuk-heading-s">Timeline</h3>
          <table class="govuk-table" id="case-timeline">
            <caption class="govuk-table__caption govuk-visually-hidden">
              The case’s timeline across agencies, with where each entry came from
            </caption>
            <thead class="govuk-table__head">
              <tr class="govuk-table__row">
                <th scope="col" class="govuk-table__header">
                  When
                </th>
                <th scope="col" class="govuk-table__header">
                  What
                </th>
                <th scope="col" class="govuk-table__header">
                  From
                </th>
              </tr>
            </thead>
            <tbody class="govuk-table__body">
              {entries.map((e) => (
                <tr class="govuk-table__row" key={e.eventId}>
                  <td class="govuk-table__cell">
                    {e.occurredAt ? dateTime(e.occurredAt) : 'time not stated'}
                  </td>
                  <td class="govuk-table__cell">{e.summary}</td>
                  <td class="govuk-table__cell govuk-body-s">
                    {e.agency} · {e.source}
                    <br />
                    received {dateTime(e.receivedAt)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {found.timeline.pageInfo.hasNextPage && (
            <button
              type="button"
              class="govuk-button govuk-button--secondary"
              onClick={() => void load(found.timeline.pageInfo.endCursor)}
            >
              Show more of the timeline
            </button>
          )}
        </section>
      )}
    </>
  );
}
