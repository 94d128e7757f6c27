import {
  CONSOLE_ACKNOWLEDGE_ORDER,
  CONSOLE_ALERT_RAISED,
  CONSOLE_BOARD,
  CONSOLE_ORDER_CHANGED,
} from '../../src/api/console-documents';
import { useEffect, useRef, useState } from 'preact/hooks';
import { age, dateTime, words } from './format';
import { liveClient, request, subscribe, type LiveState } from './graphql';
import { useProblem } from './problem';
import { type Session } from './session';
import { ClockItem } from './clock';
import { StatusTag } from './status-tag';
import { TrendsPanel } from './trends';
import { type Alert, type Board, type BoardOrder, type OrderChange } from './types';

interface Props {
  session: Session;
  onSignedOut: (reason: string) => void;
}

const LIVE_WORDS: Record<LiveState, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Connection lost — reconnecting; the board is not live',
  ended: 'Session ended',
};

/**
 * The control room's board for its own area: what was notified and not acknowledged (with its age and
 * escalations), orders as they are granted and served, alerts and clocks due soon. Loaded once, then kept
 * live over graphql-ws — no reload. When the session is revoked the gateway closes the socket (4403) and
 * the board is cleared at once.
 */
export function BoardPage({ session, onSignedOut }: Props) {
  const area = session.claims.area;
  const [board, setBoard] = useState<Board | null>(null);
  const [recent, setRecent] = useState<(OrderChange & { at: number })[]>([]);
  const [liveAlerts, setLiveAlerts] = useState<Alert[]>([]);
  const [live, setLive] = useState<LiveState>('connecting');
  const { problem, setProblem, failed } = useProblem(onSignedOut);
  const [, setTick] = useState(0);
  const [loadedAt, setLoadedAt] = useState(() => Date.now());

  // One re-read at a time: changes arriving while one is under way ask for a single re-read after it, so
  // a burst of orders costs the gateway two board queries, not one per change.
  const reading = useRef<{ running: boolean; again: boolean }>({ running: false, again: false });
  const reload = async (): Promise<void> => {
    if (!area) return;
    if (reading.current.running) {
      reading.current.again = true;
      return;
    }
    reading.current.running = true;
    try {
      setBoard(await request<Board>(session, CONSOLE_BOARD, { policeArea: area }));
      setLoadedAt(Date.now());
    } catch (err) {
      failed(err);
    } finally {
      reading.current.running = false;
    }
    if (reading.current.again) {
      reading.current.again = false;
      await reload();
    }
  };

  useEffect(() => {
    if (!area) return;
    void reload();
    const client = liveClient(session, (state, reason) => {
      setLive(state);
      if (state === 'ended')
        onSignedOut(`The live board stopped: ${reason ?? 'the session was ended'}. Sign in again.`);
    });
    const stops = [
      subscribe<{ orderChanged: OrderChange }>(
        client,
        CONSOLE_ORDER_CHANGED,
        { policeArea: area },
        ({ orderChanged }) => {
          setRecent((r) =>
            [
              { ...orderChanged, at: Date.now() },
              ...r.filter((c) => c.eventId !== orderChanged.eventId),
            ].slice(0, 50),
          );
          // A new notification is unacknowledged until someone acknowledges it: the list is re-read.
          void reload();
        },
        (errors) => setProblem(errors.map((e) => e.message).join('; ')),
      ),
      subscribe<{ alertRaised: Alert }>(
        client,
        CONSOLE_ALERT_RAISED,
        { policeArea: area },
        ({ alertRaised }) => {
          setLiveAlerts((a) => [alertRaised, ...a.filter((x) => x.id !== alertRaised.id)].slice(0, 50));
          // An escalation is an alert: the waiting list shows its new step.
          void reload();
        },
        (errors) => setProblem(errors.map((e) => e.message).join('; ')),
      ),
    ];
    // The waiting ages count up between reads.
    const timer = setInterval(() => setTick((t) => t + 1), 1000);
    return () => {
      stops.forEach((stop) => stop());
      clearInterval(timer);
      void client.dispose();
    };
  }, [session.token, session.purpose, area]);

  if (!area)
    return (
      <p class="govuk-body">Your token names no police area: the board shows one area’s records only.</p>
    );

  const acknowledge = async (reference: string) => {
    try {
      await request(session, CONSOLE_ACKNOWLEDGE_ORDER, { reference });
      await reload();
    } catch (err) {
      failed(err);
    }
  };

  const since = Math.floor((Date.now() - loadedAt) / 1000);
  const alerts = [
    ...liveAlerts,
    ...(board?.alerts.edges.map((e) => e.node) ?? []).filter((a) => !liveAlerts.some((l) => l.id === a.id)),
  ];
  const orders: BoardOrder[] = [
    ...recent.map((c) => c.order),
    ...(board?.protectiveOrdersInArea.edges.map((e) => e.node) ?? []).filter(
      (o) => !recent.some((c) => c.order.reference === o.reference),
    ),
  ];

  return (
    <>
      <h1 class="govuk-heading-l">Control room — {area}</h1>
      <p class="govuk-body" role="status" aria-live="polite">
        <strong
          class={`govuk-tag ${live === 'live' ? 'govuk-tag--green' : 'govuk-tag--red'}`}
          data-live={live}
        >
          {LIVE_WORDS[live]}
        </strong>
      </p>
      {problem && <p class="govuk-error-message">{problem}</p>}
      <div class="govuk-grid-row" id="board" data-loaded={board ? 'true' : 'false'}>
        <div class="govuk-grid-column-one-half-from-desktop">
          <h2 class="govuk-heading-m">Not acknowledged</h2>
          {board && board.unacknowledgedOrders.length === 0 && (
            <p class="govuk-body">Every order notified to {area} has been acknowledged.</p>
          )}
          <ul class="govuk-list" id="unacknowledged">
            {board?.unacknowledgedOrders.map((u) => {
              const step = u.notification.escalations.at(-1)?.step;
              return (
                <li class="shieldline-board-item" key={u.order.reference} data-order={u.order.reference}>
                  <strong>
                    {u.order.orderType} {u.order.reference}
                  </strong>{' '}
                  <StatusTag status={u.order.status} />{' '}
                  <span class="shieldline-age">waiting {age(u.waitingSeconds + since)}</span>
                  {step !== undefined && (
                    <strong class="govuk-tag govuk-tag--red shieldline-escalated">
                      escalated (step {step})
                    </strong>
                  )}
                  <br />
                  <span class="govuk-body-s">
                    {u.order.court.name} · notified {dateTime(u.notification.notifiedAt)}
                  </span>
                  <br />
                  <button
                    type="button"
                    class="govuk-button govuk-button--secondary shieldline-small-button"
                    onClick={() => void acknowledge(u.order.reference)}
                  >
                    Acknowledge {u.order.reference}
                  </button>
                </li>
              );
            })}
          </ul>
          <h2 class="govuk-heading-m">Orders</h2>
          {board && orders.length === 0 && <p class="govuk-body">No live order notified to {area}.</p>}
          <ul class="govuk-list" id="orders">
            {orders.map((o) => {
              const change = recent.find((c) => c.order.reference === o.reference);
              return (
                <li class="shieldline-board-item" key={o.reference} data-order={o.reference}>
                  <strong>
                    {o.orderType} {o.reference}
                  </strong>{' '}
                  <StatusTag status={o.status} />
                  {change && (
                    <strong class="govuk-tag govuk-tag--blue">{words(change.changeType)} just now</strong>
                  )}
                  <br />
                  <span class="govuk-body-s">
                    {o.court.name}
                    {o.servedAt ? ` · served ${dateTime(o.servedAt)}` : ''} · {o.statusReason}
                  </span>
                </li>
              );
            })}
          </ul>
        </div>
        <div class="govuk-grid-column-one-half-from-desktop">
          <h2 class="govuk-heading-m">Alerts</h2>
          {board && alerts.length === 0 && <p class="govuk-body">No alerts.</p>}
          <ul class="govuk-list" id="alerts">
            {alerts.map((a) => (
              <li class="shieldline-board-item" key={a.id}>
                <strong>{words(a.kind)}</strong> {a.subjectRef} · {dateTime(a.raisedAt)}
                <br />
                <span class="govuk-body-s">
                  {a.message}
                  {a.citation ? ` (${a.citation})` : ''}
                </span>
              </li>
            ))}
          </ul>
          <h2 class="govuk-heading-m">Breaches</h2>
          {board && board.breachesInArea.edges.length === 0 && (
            <p class="govuk-body">No breach reported in {area}.</p>
          )}
          <ul class="govuk-list" id="breaches">
            {board?.breachesInArea.edges.map(({ node: b }) => (
              <li class="shieldline-board-item" key={b.reference} data-breach={b.reference}>
                <strong>
                  {words(b.breachedKind)} {b.breachedReference}
                </strong>{' '}
                · {dateTime(b.occurredAt ?? b.reportedAt)}
                <br />
                <span class="govuk-body-s">
                  {b.description} — {b.outcome ? words(b.outcome) : 'no outcome recorded'}
                </span>
              </li>
            ))}
          </ul>
          <h2 class="govuk-heading-m">Clocks due within 7 days</h2>
          {board && board.deadlines.edges.length === 0 && (
            <p class="govuk-body">No clock due within 7 days.</p>
          )}
          <ul class="govuk-list" id="deadlines">
            {board?.deadlines.edges.map(({ node: d }) => (
              <ClockItem clock={d} showSubject key={d.id} />
            ))}
          </ul>
        </div>
      </div>
      <TrendsPanel session={session} area={area} />
    </>
  );
}
