import { CONSOLE_AUDIT_CHAIN, CONSOLE_CONSULTATIONS } from '../../src/api/console-documents';
import { useState } from 'preact/hooks';
import { date, dateTime } from './format';
import { request } from './graphql';
import { ErrorSummary, useProblem } from './problem';
import { type Session } from './session';

interface Consultation {
  at: string;
  actor: string;
  agency: string;
  area: string | null;
  purpose: string;
  operation: string;
  outcome: string;
  refusedBy: string[];
}

interface Found {
  person: {
    id: string;
    givenName: string;
    familyName: string;
    dateOfBirth: string | null;
    consultations: { edges: { node: Consultation }[]; pageInfo: { hasNextPage: boolean } };
  };
}

interface Verification {
  intact: boolean;
  checked: number;
  firstBrokenAuditId: string | null;
  firstBrokenReason: string | null;
  verifiedAt: string;
}

/** The auditor's screen: who looked at a person's records, when and why, and the audit chain's state. */
export function AuditPage({
  session,
  onSignedOut,
}: {
  session: Session;
  onSignedOut: (reason: string) => void;
}) {
  const [pncId, setPncId] = useState('');
  const [found, setFound] = useState<Found[] | null>(null);
  const [chain, setChain] = useState<Verification | null>(null);
  const [verifying, setVerifying] = useState(false);
  const { problem, setProblem, failed } = useProblem(onSignedOut);

  const search = async (e: Event) => {
    e.preventDefault();
    setProblem(null);
    if (!pncId.trim()) return setProblem('Enter a PNC id');
    try {
      setFound(
        (await request<{ searchPeople: Found[] }>(session, CONSOLE_CONSULTATIONS, { pncId: pncId.trim() }))
          .searchPeople,
      );
    } catch (err) {
      failed(err);
    }
  };

  const verify = async () => {
    setVerifying(true);
    try {
      setChain(
        (await request<{ auditChainVerification: Verification }>(session, CONSOLE_AUDIT_CHAIN, {}))
          .auditChainVerification,
      );
    } catch (err) {
      failed(err);
    } finally {
      setVerifying(false);
    }
  };

  return (
    <>
      <h1 class="govuk-heading-l">Audit</h1>
      <ErrorSummary problem={problem} />
      <h2 class="govuk-heading-m">The audit chain</h2>
      <p class="govuk-body">
        Every read and every refusal is a record in a hash chain. Verifying walks all of it.
      </p>
      <button
        type="button"
        class="govuk-button govuk-button--secondary"
        id="verify-chain"
        disabled={verifying}
        onClick={() => void verify()}
      >
        {verifying ? 'Verifying…' : 'Verify the audit chain'}
      </button>
      {chain && (
        <p class="govuk-body" id="chain-state" role="status">
          {chain.intact ? (
            <strong class="govuk-tag govuk-tag--green">Intact</strong>
          ) : (
            <strong class="govuk-tag govuk-tag--red">Broken</strong>
          )}{' '}
          {chain.checked} records checked at {dateTime(chain.verifiedAt)}
          {chain.intact
            ? ''
            : `; the first broken record is ${chain.firstBrokenAuditId ?? '?'}: ${chain.firstBrokenReason ?? ''}`}
        </p>
      )}
      <h2 class="govuk-heading-m">Who has looked at a person</h2>
      <form onSubmit={(e) => void search(e)} noValidate>
        <div class="govuk-form-group">
          <label class="govuk-label" for="audit-pnc">
            PNC id
          </label>
          <input
            class="govuk-input govuk-input--width-20"
            id="audit-pnc"
            value={pncId}
            onInput={(e) => setPncId(e.currentTarget.value)}
          />
        </div>
        <button type="submit" class="govuk-button">
          Show consultations
        </button>
      </form>
      {found && (
        <section id="consultations" aria-live="polite">
          {found.length === 0 && <p class="govuk-body">No one with that PNC id.</p>}
          {found.map(({ person }) => (
            <div key={person.id}>
              <h3 class="govuk-heading-s">
                {person.givenName} {person.familyName}, born {date(person.dateOfBirth)}
              </h3>
              <table class="govuk-table">
                <caption class="govuk-table__caption govuk-visually-hidden">
                  Reads and refusals of this person’s records, newest first
                </caption>
                <thead class="govuk-table__head">
                  <tr class="govuk-table__row">
                    <th scope="col" class="govuk-table__header">
                      When
                    </th>
                    <th scope="col" class="govuk-table__header">
                      Who
                    </th>
                    <th scope="col" class="govuk-table__header">
                      Why
                    </th>
                    <th scope="col" class="govuk-table__header">
                      What
                    </th>
                  </tr>
                </thead>
                <tbody class="govuk-table__body">
                  {person.consultations.edges.map(({ node: c }, i) => (
                    <tr class="govuk-table__row" key={`${c.at}-${i}`}>
                      <td class="govuk-table__cell">{dateTime(c.at)}</td>
                      <td class="govuk-table__cell">
                        {c.actor} ({c.agency}
                        {c.area ? `, ${c.area}` : ''})
                      </td>
                      <td class="govuk-table__cell">{c.purpose}</td>
                      <td class="govuk-table__cell">
                        {c.operation}:{' '}
                        {c.outcome === 'REFUSED' ? `refused (${c.refusedBy.join(', ')})` : 'read'}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {person.consultations.pageInfo.hasNextPage && (
                <p class="govuk-body-s">Showing the latest 100.</p>
              )}
            </div>
          ))}
        </section>
      )}
    </>
  );
}
