import { CONSOLE_OPERATIONS, CONSOLE_REDRIVE } from '../../src/api/console-documents';
import { useEffect, useState } from 'preact/hooks';
import { date, dateTime, words } from './format';
import { request } from './graphql';
import { ErrorSummary, useProblem } from './problem';
import { type Session } from './session';

interface DeadLetter {
  id: string;
  connector: string;
  reasonCode: string;
  message: string;
  problems: string[];
  contentType: string | null;
  receivedAt: string;
  truncated: boolean;
}

interface Reconciliation {
  id: string;
  connector: string;
  day: string;
  ranAt: string;
  ranBy: string;
  manifestRecords: number;
  matched: number;
  missing: number;
  extra: number;
  changed: number;
  differences: {
    kind: string;
    sourceRecordId: string;
    sourceVersion: string | null;
    hubVersion: string | null;
  }[];
}

interface Operations {
  deadLetters: { edges: { node: DeadLetter }[]; pageInfo: { hasNextPage: boolean } };
  reconciliations: Reconciliation[];
}

const isoDate = (d: Date) => d.toISOString().slice(0, 10);

/** The operator's screen: dead letters with their reasons and problems, re-drive, and reconciliations. */
export function OperationsPage({
  session,
  onSignedOut,
}: {
  session: Session;
  onSignedOut: (reason: string) => void;
}) {
  const [ops, setOps] = useState<Operations | null>(null);
  const { problem, failed } = useProblem(onSignedOut);
  const [outcomes, setOutcomes] = useState<Record<string, string>>({});

  const load = async () => {
    const to = new Date();
    const from = new Date(to.getTime() - 30 * 86_400_000);
    try {
      setOps(
        await request<Operations>(session, CONSOLE_OPERATIONS, { from: isoDate(from), to: isoDate(to) }),
      );
    } catch (err) {
      failed(err);
    }
  };

  useEffect(() => {
    void load();
  }, [session.token, session.purpose]);

  const redrive = async (id: string) => {
    try {
      const { redriveDeadLetter } = await request<{
        redriveDeadLetter: { outcome: string; eventIds: string[] };
      }>(session, CONSOLE_REDRIVE, { id });
      setOutcomes((o) => ({
        ...o,
        [id]: `${words(redriveDeadLetter.outcome)} (${redriveDeadLetter.eventIds.length} events)`,
      }));
      await load();
    } catch (err) {
      failed(err);
    }
  };

  return (
    <>
      <h1 class="govuk-heading-l">Operations</h1>
      <ErrorSummary problem={problem} />
      {Object.entries(outcomes).map(([id, outcome]) => (
        <p class="govuk-body" role="status" key={id}>
          Dead letter {id}: {outcome}
        </p>
      ))}
      <h2 class="govuk-heading-m">Dead letters</h2>
      {ops && ops.deadLetters.edges.length === 0 && <p class="govuk-body">No dead letter waits.</p>}
      <ul class="govuk-list" id="dead-letters">
        {ops?.deadLetters.edges.map(({ node: d }) => (
          <li class="shieldline-board-item" key={d.id} data-dead-letter={d.id}>
            <strong>{d.connector}</strong> · {words(d.reasonCode)} · received {dateTime(d.receivedAt)}
            <br />
            <span class="govuk-body-s">{d.message}</span>
            {d.problems.length > 0 && (
              <ul class="govuk-list govuk-list--bullet govuk-body-s">
                {d.problems.map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
            )}
            <button
              type="button"
              class="govuk-button govuk-button--secondary shieldline-small-button"
              onClick={() => void redrive(d.id)}
            >
              Re-drive {d.id.slice(0, 8)}
            </button>
          </li>
        ))}
      </ul>
      <h2 class="govuk-heading-m">Reconciliations (last 30 days)</h2>
      {ops && ops.reconciliations.length === 0 && (
        <p class="govuk-body">No source has sent a manifest in this period.</p>
      )}
      <ul class="govuk-list" id="reconciliations">
        {ops?.reconciliations.map((r) => (
          <li class="shieldline-board-item" key={r.id}>
            <strong>{r.connector}</strong> · {date(r.day)}: {r.manifestRecords} in the manifest, {r.matched}{' '}
            matched, {r.missing} missing, {r.extra} extra, {r.changed} changed (run by {r.ranBy} at{' '}
            {dateTime(r.ranAt)})
            {r.differences.length > 0 && (
              <ul class="govuk-list govuk-list--bullet govuk-body-s">
                {r.differences.slice(0, 20).map((d) => (
                  <li key={`${d.kind}-${d.sourceRecordId}`}>
                    {words(d.kind)}: {d.sourceRecordId}
                    {d.sourceVersion || d.hubVersion
                      ? ` (source ${d.sourceVersion ?? '—'}, hub ${d.hubVersion ?? '—'})`
                      : ''}
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}
