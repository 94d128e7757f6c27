import {
  CONSOLE_ACKNOWLEDGE_ORDER,
  CONSOLE_OFFICER_SEARCH,
  CONSOLE_ORDERS_AT_POSTCODE,
} from '../../src/api/console-documents';
import { useState } from 'preact/hooks';
import { date, dateTime, words } from './format';
import { request } from './graphql';
import { ErrorSummary, useProblem } from './problem';
import { type Session } from './session';
import { StatusTag } from './status-tag';
import { type Order, type PersonMatch } from './types';

interface Props {
  session: Session;
  onSignedOut: (reason: string) => void;
}

type Search =
  | { kind: 'name'; familyName: string; givenName: string; day: string; month: string; year: string }
  | { kind: 'pnc'; pncId: string }
  | { kind: 'postcode'; postcode: string };

const pad = (value: string) => value.trim().padStart(2, '0');

/** The attending officer's screen: one search, then everything about the person on one page. */
export function OfficerPage({ session, onSignedOut }: Props) {
  const [search, setSearch] = useState<Search>({
    kind: 'name',
    familyName: '',
    givenName: '',
    day: '',
    month: '',
    year: '',
  });
  const { problem, setProblem, failed } = useProblem(onSignedOut);
  const [results, setResults] = useState<PersonMatch[] | null>(null);
  const [atPostcode, setAtPostcode] = useState<Order[] | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (e: Event) => {
    e.preventDefault();
    setProblem(null);
    let variables: Record<string, string>;
    if (search.kind === 'postcode') {
      const postcode = search.postcode.trim().toUpperCase();
      if (!postcode) return setProblem('Enter a postcode');
      if (!session.claims.area)
        return setProblem('Your token names no police area: a postcode search is of your area');
      setBusy(true);
      try {
        const data = await request<{ protectiveOrdersInArea: { edges: { node: Order }[] } }>(
          session,
          CONSOLE_ORDERS_AT_POSTCODE,
          { policeArea: session.claims.area, postcode },
        );
        setResults(null);
        setAtPostcode(data.protectiveOrdersInArea.edges.map((e) => e.node));
      } catch (err) {
        failed(err);
      } finally {
        setBusy(false);
      }
      return;
    }
    if (search.kind === 'pnc') {
      if (!search.pncId.trim()) return setProblem('Enter a PNC id');
      variables = { pncId: search.pncId.trim() };
    } else {
      if (!search.familyName.trim()) return setProblem('Enter a family name');
      if (!/^\d{4}$/.test(search.year.trim()) || !search.day.trim() || !search.month.trim())
        return setProblem('Enter a date of birth: day, month and a four-digit year');
      variables = {
        familyName: search.familyName.trim(),
        dateOfBirth: `${search.year.trim()}-${pad(search.month)}-${pad(search.day)}`,
        ...(search.givenName.trim() ? { givenName: search.givenName.trim() } : {}),
      };
    }
    setBusy(true);
    try {
      const data = await request<{ searchPeople: PersonMatch[] }>(session, CONSOLE_OFFICER_SEARCH, variables);
      setAtPostcode(null);
      setResults(data.searchPeople);
    } catch (err) {
      failed(err);
    } finally {
      setBusy(false);
    }
  };

  /** The order as it is once this force has acknowledged it (shown at once; the hub holds the truth). */
  const acknowledged = (o: Order, reference: string): Order =>
    o.reference !== reference
      ? o
      : {
          ...o,
          notifications: o.notifications.map((n) =>
            n.policeArea === session.claims.area && !n.acknowledgedAt
              ? { ...n, acknowledgedAt: new Date().toISOString(), acknowledgedBy: session.claims.sub }
              : n,
          ),
        };

  const acknowledge = async (reference: string) => {
    try {
      await request(session, CONSOLE_ACKNOWLEDGE_ORDER, { reference });
      setResults(
        (current) =>
          current?.map((m) => ({
            ...m,
            person: {
              ...m.person,
              protectiveOrders: m.person.protectiveOrders.map((o) => acknowledged(o, reference)),
            },
          })) ?? null,
      );
      setAtPostcode((current) => current?.map((o) => acknowledged(o, reference)) ?? null);
    } catch (err) {
      failed(err);
    }
  };

  return (
    <>
      <h1 class="govuk-heading-l">Find a person</h1>
      <form onSubmit={(e) => void run(e)} noValidate>
        <ErrorSummary problem={problem} />
        <div class="govuk-form-group">
          <fieldset class="govuk-fieldset">
            <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Search by</legend>
            <div class="govuk-radios govuk-radios--inline govuk-radios--small">
              <div class="govuk-radios__item">
                <input
                  class="govuk-radios__input"
                  id="by-name"
                  type="radio"
                  name="by"
                  checked={search.kind === 'name'}
                  onChange={() =>
                    setSearch({ kind: 'name', familyName: '', givenName: '', day: '', month: '', year: '' })
                  }
                />
                <label class="govuk-label govuk-radios__label" for="by-name">
                  Name and date of birth
                </label>
              </div>
              <div class="govuk-radios__item">
                <input
                  class="govuk-radios__input"
                  id="by-pnc"
                  type="radio"
                  name="by"
                  checked={search.kind === 'pnc'}
                  onChange={() => setSearch({ kind: 'pnc', pncId: '' })}
                />
                <label class="govuk-label govuk-radios__label" for="by-pnc">
                  PNC id
                </label>
              </div>
              <div class="govuk-radios__item">
                <input
                  class="govuk-radios__input"
                  id="by-postcode"
                  type="radio"
                  name="by"
                  checked={search.kind === 'postcode'}
                  onChange={() => setSearch({ kind: 'postcode', postcode: '' })}
                />
                <label class="govuk-label govuk-radios__label" for="by-postcode">
                  Postcode
                </label>
              </div>
            </div>
          </fieldset>
        </div>
        {search.kind === 'postcode' ? (
          <div class="govuk-form-group">
            <label class="govuk-label" for="postcode">
              Postcode
            </label>
            <div class="govuk-hint" id="postcode-hint">
              Orders of your area protecting someone there, or excluding the respondent from it
            </div>
            <input
              class="govuk-input govuk-input--width-10"
              id="postcode"
              autocomplete="off"
              aria-describedby="postcode-hint"
              value={search.postcode}
              onInput={(e) => setSearch({ kind: 'postcode', postcode: e.currentTarget.value })}
            />
          </div>
        ) : search.kind === 'pnc' ? (
          <div class="govuk-form-group">
            <label class="govuk-label" for="pnc-id">
              PNC id
            </label>
            <input
              class="govuk-input govuk-input--width-20"
              id="pnc-id"
              value={search.pncId}
              onInput={(e) => setSearch({ kind: 'pnc', pncId: e.currentTarget.value })}
            />
          </div>
        ) : (
          <>
            <div class="govuk-form-group">
              <label class="govuk-label" for="family-name">
                Family name
              </label>
              <input
                class="govuk-input govuk-input--width-20"
                id="family-name"
                autocomplete="off"
                value={search.familyName}
                onInput={(e) => setSearch({ ...search, familyName: e.currentTarget.value })}
              />
            </div>
            <div class="govuk-form-group">
              <label class="govuk-label" for="given-name">
                Given name (optional)
              </label>
              <input
                class="govuk-input govuk-input--width-20"
                id="given-name"
                autocomplete="off"
                value={search.givenName}
                onInput={(e) => setSearch({ ...search, givenName: e.currentTarget.value })}
              />
            </div>
            <div class="govuk-form-group">
              <fieldset class="govuk-fieldset" role="group" aria-describedby="dob-hint">
                <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Date of birth</legend>
                <div id="dob-hint" class="govuk-hint">
                  For example, 30 9 1988
                </div>
                <div class="govuk-date-input">
                  {(['day', 'month', 'year'] as const).map((part) => (
                    <div class="govuk-date-input__item" key={part}>
                      <div class="govuk-form-group">
                        <label class="govuk-label govuk-date-input__label" for={`dob-${part}`}>
                          {words(part)}
                        </label>
                        <input
                          class={`govuk-input govuk-date-input__input govuk-input--width-${part === 'year' ? 4 : 2}`}
                          id={`dob-${part}`}
                          inputMode="numeric"
                          value={search[part]}
                          onInput={(e) => setSearch({ ...search, [part]: e.currentTarget.value })}
                        />
                      </div>
                    </div>
                  ))}
                </div>
              </fieldset>
            </div>
          </>
        )}
        <button type="submit" class="govuk-button" disabled={busy}>
          Search
        </button>
      </form>
      {results && (
        <Results matches={results} area={session.claims.area} onAcknowledge={(r) => void acknowledge(r)} />
      )}
      {atPostcode && (
        <section aria-live="polite" id="results">
          <h2 class="govuk-heading-m">
            {atPostcode.length === 0
              ? 'No live order at that postcode that you may see'
              : `${atPostcode.length} ${atPostcode.length === 1 ? 'order' : 'orders'} at that postcode`}
          </h2>
          {atPostcode.map((o) => (
            <OrderCard
              order={o}
              area={session.claims.area}
              onAcknowledge={(r) => void acknowledge(r)}
              key={o.reference}
            />
          ))}
        </section>
      )}
    </>
  );
}

function Results({
  matches,
  area,
  onAcknowledge,
}: {
  matches: PersonMatch[];
  area: string | undefined;
  onAcknowledge: (reference: string) => void;
}) {
  if (matches.length === 0)
    return (
      <section aria-live="polite" id="results">
        <h2 class="govuk-heading-m">No one found</h2>
        <p class="govuk-body">
          No record you may see matches. This is not proof that no order exists: check with the control room.
        </p>
      </section>
    );
  return (
    <section aria-live="polite" id="results">
      <h2 class="govuk-heading-m">{matches.length === 1 ? '1 person' : `${matches.length} people`}</h2>
      {matches.map((m) => (
        <PersonCard match={m} area={area} onAcknowledge={onAcknowledge} key={m.person.id} />
      ))}
    </section>
  );
}

function PersonCard({
  match,
  area,
  onAcknowledge,
}: {
  match: PersonMatch;
  area: string | undefined;
  onAcknowledge: (reference: string) => void;
}) {
  const p = match.person;
  const live = p.protectiveOrders.filter((o) => o.status === 'IN_FORCE' || o.status === 'GRANTED_NOT_SERVED');
  return (
    <article class="shieldline-person" data-person={p.id}>
      <h3 class="govuk-heading-m">
        {p.givenName} {p.familyName}
        <span class="govuk-caption-m">
          Born {date(p.dateOfBirth)}
          {p.pncId ? ` · PNC ${p.pncId}` : ''}
        </span>
      </h3>
      {match.confident ? (
        <p class="govuk-body">
          <strong class="govuk-tag govuk-tag--green">Matched</strong> {match.reason}
        </p>
      ) : (
        <div class="govuk-warning-text">
          <span class="govuk-warning-text__icon" aria-hidden="true">
            !
          </span>
          <strong class="govuk-warning-text__text">
            <span class="govuk-visually-hidden">Warning</span>
            Candidate match, not confirmed — check before acting on it (confidence{' '}
            {Math.round(match.confidence * 100)}%). {match.reason}
          </strong>
        </div>
      )}
      {match.comparisons.length > 0 && (
        <details class="govuk-details">
          <summary class="govuk-details__summary">
            <span class="govuk-details__summary-text">
              Why this match (weight {match.matchWeight?.toFixed(1) ?? '—'})
            </span>
          </summary>
          <div class="govuk-details__text">
            <ul class="govuk-list govuk-list--bullet">
              {match.comparisons.map((c) => (
                <li key={c.field}>
                  {c.detail} ({c.weight >= 0 ? '+' : '−'}
                  {Math.abs(c.weight).toFixed(1)})
                </li>
              ))}
            </ul>
          </div>
        </details>
      )}
      <p class="govuk-body-l shieldline-verdict">
        {live.length > 0 ? (
          <strong>Under {live.length === 1 ? 'an order' : `${live.length} orders`} now</strong>
        ) : (
          'No order in force that you may see'
        )}
      </p>
      {p.protectiveOrders.map((o) => (
        <OrderCard order={o} area={area} onAcknowledge={onAcknowledge} key={o.reference} />
      ))}
      <Bail bail={p.bail} />
      {p.notices.length > 0 && (
        <>
          <h4 class="govuk-heading-s">Notices</h4>
          {p.notices.map((n) => (
            <div class="govuk-inset-text" key={n.reference}>
              <p class="govuk-body">
                <strong>{n.noticeType}</strong> {n.reference}, served {dateTime(n.servedAt)}
                {n.dvpoApplication
                  ? `; order hearing at ${n.dvpoApplication.court}, ${dateTime(n.dvpoApplication.hearingAt)}`
                  : ''}
              </p>
              <ol class="govuk-list govuk-list--number">
                {n.conditions.map((c) => (
                  <li key={c.paragraph}>{c.text}</li>
                ))}
              </ol>
            </div>
          ))}
        </>
      )}
      {p.riskAssessments.length > 0 && (
        <>
          <h4 class="govuk-heading-s">Risk history</h4>
          <ul class="govuk-list">
            {p.riskAssessments.map((r) => (
              <li key={r.assessmentRef}>
                {date(r.assessedOn)}: {r.tool} {words(r.level)}
              </li>
            ))}
          </ul>
        </>
      )}
      {p.breaches.length > 0 && (
        <>
          <h4 class="govuk-heading-s">Breaches</h4>
          <ul class="govuk-list">
            {p.breaches.map((b) => (
              <li key={b.reference}>
                {dateTime(b.occurredAt ?? b.reportedAt)}: {b.description} ({words(b.breachedKind)}{' '}
                {b.breachedReference}; {b.outcome ? words(b.outcome) : 'no outcome recorded'})
              </li>
            ))}
          </ul>
        </>
      )}
      {p.incidents.length > 0 && (
        <>
          <h4 class="govuk-heading-s">Prior incidents</h4>
          <ul class="govuk-list">
            {p.incidents.map((i) => (
              <li key={i.crimeReference}>
                {dateTime(i.reportedAt)}: {i.crimeReference} —{' '}
                {i.offences.map((o) => o.description).join(', ') || 'no offence recorded'}
              </li>
            ))}
          </ul>
        </>
      )}
    </article>
  );
}

function OrderCard({
  order,
  area,
  onAcknowledge,
}: {
  order: Order;
  area: string | undefined;
  onAcknowledge: (reference: string) => void;
}) {
  const mine = order.notifications.find((n) => n.policeArea === area);
  return (
    <div class="govuk-summary-card" data-order={order.reference}>
      <div class="govuk-summary-card__title-wrapper">
        <h4 class="govuk-summary-card__title">
          {order.orderType} {order.reference}
        </h4>
        <StatusTag status={order.status} />
      </div>
      <div class="govuk-summary-card__content">
        <p class="govuk-body shieldline-status-reason">{order.statusReason}</p>
        <dl class="govuk-summary-list">
          <Row label="Court">{order.court.name}</Row>
          <Row label="Effective from">{dateTime(order.effectiveFrom)}</Row>
          <Row label="Enforceable from">
            {order.enforceableFrom ? dateTime(order.enforceableFrom) : 'not yet: not known to be served'}
          </Row>
          <Row label="Ends">
            {order.untilFurtherOrder ? 'until further order' : dateTime(order.expiresAt)}
          </Row>
          <Row label="Power of arrest">{order.powerOfArrest ? 'yes' : 'no'}</Row>
          <Row label="Protected">
            {order.protectedPersons.length === 0
              ? 'not stated'
              : order.protectedPersons.map((p) => (
                  <span class="shieldline-block" key={`${p.givenName} ${p.familyName}`}>
                    {p.givenName} {p.familyName}
                    {p.address
                      ? `, ${p.address.town ? `${p.address.town} ` : ''}${p.address.postcode}`
                      : p.addressConfidential
                        ? ' (address confidential)'
                        : ''}
                  </span>
                ))}
          </Row>
          {order.exclusionZones.length > 0 && (
            <Row label="Exclusion zones">
              {order.exclusionZones.map((z) => (
                <span class="shieldline-block" key={z.description}>
                  {z.description}
                  {z.postcode ? ` (${z.postcode}${z.radiusMetres ? `, ${z.radiusMetres} m` : ''})` : ''}
                </span>
              ))}
            </Row>
          )}
        </dl>
        <h5 class="govuk-heading-s">Conditions</h5>
        {order.conditions.length === 0 ? (
          <p class="govuk-body">None stated.</p>
        ) : (
          <ol class="govuk-list shieldline-conditions">
            {order.conditions.map((c) => (
              <li key={c.paragraph}>
                <span class="shieldline-paragraph">{c.paragraph}.</span> {c.text}
              </li>
            ))}
          </ol>
        )}
        {mine &&
          (mine.acknowledgedAt ? (
            <p class="govuk-body-s">
              Acknowledged by {mine.acknowledgedBy ?? 'your force'} at {dateTime(mine.acknowledgedAt)}
            </p>
          ) : (
            <button
              type="button"
              class="govuk-button govuk-button--secondary"
              onClick={() => onAcknowledge(order.reference)}
            >
              Acknowledge order {order.reference}
            </button>
          ))}
      </div>
    </div>
  );
}

function Bail({ bail }: { bail: PersonMatch['person']['bail'] }) {
  if (bail.length === 0) return null;
  return (
    <>
      <h4 class="govuk-heading-s">Bail</h4>
      {bail.map((b) => (
        <div class="govuk-inset-text" key={b.reference}>
          <p class="govuk-body">
            <strong>{words(b.kind)}</strong> {b.reference} ({words(b.status)}), bailed {date(b.bailedOn)},
            return {date(b.returnOn)}
            {b.courtName ? ` at ${b.courtName}` : ''}
          </p>
          {b.conditions === null ? (
            <p class="govuk-body">Conditions not stated by the source.</p>
          ) : b.conditions.length === 0 ? (
            <p class="govuk-body">Unconditional.</p>
          ) : (
            <ol class="govuk-list govuk-list--number">
              {b.conditions.map((c) => (
                <li key={c.paragraph}>{c.text}</li>
              ))}
            </ol>
          )}
        </div>
      ))}
    </>
  );
}

function Row({ label, children }: { label: string; children: preact.ComponentChildren }) {
  return (
    <div class="govuk-summary-list__row">
      <dt class="govuk-summary-list__key">{label}</dt>
      <dd class="govuk-summary-list__value">{children}</dd>
    </div>
  );
}
