import { type Hub } from '../../src/app';
import { forbiddenWordsIn } from '../../src/domain/rules/victim-messages';
import { type ShieldlineClaims } from '../../src/security/identity';
import { nonMolestationOrder, type OrderFixture, uniquePoliceArea } from '../factories/family-court.factory';
import { HUB_TEMPLATES, notifySettings, startNotifyTestServer } from '../utils/notify-test-server';
import {
  COURT_PUBLISHER,
  expectEventually,
  graphql,
  officerOf,
  postRecord,
  startTestHub,
} from '../utils/test-hub';

const CALLBACK_TOKEN = 'notify-callback-token-0123456789';

const safeguarding = (area: string): ShieldlineClaims => ({ ...officerOf(area), purpose: 'safeguarding' });
const forceAdmin = (area: string): ShieldlineClaims => ({
  sub: `admin-${area}`,
  agency: 'police',
  area,
  roles: ['force-admin'],
  purpose: 'operations',
});

const RECORD = `mutation ($input: VictimConsentInput!) {
  recordVictimConsent(input: $input) { id personId policeArea channel phoneNumber topics detail active }
}`;
const NOTIFICATIONS = `query ($person: ID!) {
  victimNotifications(personId: $person) { id kind status attempts lastError notifyId history { status detail } }
}`;

interface NotificationRow {
  id: string;
  kind: string;
  status: string;
  attempts: number;
  lastError: string | null;
  notifyId: string | null;
  history: { status: string; detail: string | null }[];
}

/** Quiet hours covering the present moment (England & Wales time), for a test that must wait. */
function quietNow(): { from: string; to: string } {
  const clock = (at: Date) =>
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/London',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).format(at);
  return { from: clock(new Date(Date.now() - 3600_000)), to: clock(new Date(Date.now() + 3600_000)) };
}

/**
 * Victim notification through GOV.UK Notify (a local server speaking its API): opt-in consent recorded
 * by an officer, messages on what the person chose, channel-safe words only, retries, status callbacks,
 * withdrawal, failures alerted — on real Kafka and PostgreSQL.
 */
describe('victim notification (real Kafka + PostgreSQL, local GOV.UK Notify)', () => {
  let hub: Hub;
  let notify: Awaited<ReturnType<typeof startNotifyTestServer>>;

  beforeAll(async () => {
    notify = await startNotifyTestServer(HUB_TEMPLATES);
    hub = await startTestHub({
      ...notifySettings(notify, CALLBACK_TOKEN),
      NOTIFY_RETRY_BASE_MS: '50',
      NOTIFY_RETRY_MAX_MS: '200',
      NOTIFY_MAX_ATTEMPTS: '4',
    });
    notify.setCallback(hub.graphqlUrl.replace(/\/graphql$/, '/notify/status'), CALLBACK_TOKEN);
  });

  afterAll(async () => {
    await hub.stop();
    await notify.close();
  });

  async function publish(record: Record<string, unknown>) {
    const response = await postRecord(
      hub,
      'family-court-orders',
      JSON.stringify(record),
      'application/json',
      COURT_PUBLISHER,
    );
    expect(response.status).toBe(202);
  }

  /** A granted order of a new area, and its protected person as an officer finds them. */
  async function grantedOrder(): Promise<{ area: string; order: OrderFixture; personId: string }> {
    const area = uniquePoliceArea();
    const order = nonMolestationOrder({ policeForce: area });
    await publish(order.granted);
    const applicant = order.granted.applicant as { surname: string; dateOfBirth: string };
    const personId = await expectEventually(async () => {
      const answer = await graphql<{ searchPeople: { person: { id: string } }[] }>(
        hub,
        `
          query ($name: String!, $dob: LocalDate!) {
            searchPeople(familyName: $name, dateOfBirth: $dob) {
              person {
                id
              }
            }
          }
        `,
        { name: applicant.surname, dob: applicant.dateOfBirth },
        safeguarding(area),
      );
      expect(answer.errors).toBeUndefined();
      expect(answer.data!.searchPeople).toHaveLength(1);
      return answer.data!.searchPeople[0]!.person.id;
    });
    return { area, order, personId };
  }

  async function consent(area: string, personId: string, overrides: Record<string, unknown> = {}) {
    const answer = await graphql<{ recordVictimConsent: { id: string; active: boolean } }>(
      hub,
      RECORD,
      {
        input: {
          personId,
          channel: 'SMS',
          phoneNumber: '07700 900123',
          topics: ['ORDERS'],
          detail: 'SUMMARY',
          doNotLeaveMessages: false,
          consentedAt: new Date().toISOString(),
          ...overrides,
        },
      },
      safeguarding(area),
    );
    expect(answer.errors).toBeUndefined();
    return answer.data!.recordVictimConsent;
  }

  async function notificationsOf(area: string, personId: string): Promise<NotificationRow[]> {
    const answer = await graphql<{ victimNotifications: NotificationRow[] }>(
      hub,
      NOTIFICATIONS,
      { person: personId },
      safeguarding(area),
    );
    expect(answer.errors).toBeUndefined();
    return answer.data!.victimNotifications;
  }

  async function served(area: string, order: OrderFixture) {
    await publish(order.served);
    await expectEventually(async () => {
      const answer = await graphql<{ protectiveOrder: { status: string } }>(
        hub,
        `
          query ($ref: String!) {
            protectiveOrder(reference: $ref) {
              status
            }
          }
        `,
        { ref: order.orderRef },
        officerOf(area),
      );
      expect(answer.data?.protectiveOrder.status).not.toBe('GRANTED_NOT_SERVED');
    });
  }

  it('should tell a person who opted in that the order was served, in safe words only, and record Notify’s status', async () => {
    const { area, order, personId } = await grantedOrder();
    const admin = await graphql(
      hub,
      `
        mutation ($a: String!) {
          setForceVictimContact(policeArea: $a, contactNumber: "0113 496 0000")
        }
      `,
      { a: area },
      forceAdmin(area),
    );
    expect(admin.errors).toBeUndefined();
    const recorded = await consent(area, personId);
    expect(recorded.active).toBe(true);
    await publish(order.served);

    const [notification] = await expectEventually(async () => {
      const rows = await notificationsOf(area, personId);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ kind: 'ORDER_SERVED', status: 'SENDING', attempts: 1 });
      return rows;
    }, 30_000);
    const sent = notify.sent.filter((n) => n.reference === notification!.id);
    expect(sent).toHaveLength(1);
    const message = sent[0]!;
    expect(message).toMatchObject({
      type: 'sms',
      to: '07700 900123',
      templateId: HUB_TEMPLATES[0]!.id,
      id: notification!.notifyId,
    });
    expect(message.body).toBe(
      'The order made to protect you was handed to the other person on 21 November 2026. Please call ' +
        `0113 496 0000 when it is safe to do so, quoting ${notification!.id.replaceAll('-', '').slice(0, 8).toUpperCase()}. ` +
        'In an emergency call 999.',
    );
    // Channel-safe: only the hub's two values travel, and neither names anyone or anything of the case.
    expect(Object.keys(message.personalisation).sort()).toEqual(['body', 'subject']);
    const everything = JSON.stringify(message);
    const applicant = order.granted.applicant as { forenames: string; surname: string };
    for (const secret of [
      order.respondent.surname,
      order.respondent.pncId,
      applicant.surname,
      order.orderRef,
      'must not',
    ])
      expect(everything).not.toContain(secret);
    expect(forbiddenWordsIn(message.body)).toEqual([]);

    // Notify's delivery receipt is recorded on the notification and audited.
    expect((await notify.deliver(message.id, 'delivered', 'wrong-token')).status).toBe(401);
    expect(await notify.deliver(message.id, 'delivered')).toEqual({ status: 200, body: { recorded: true } });
    const [after] = await notificationsOf(area, personId);
    expect(after!.status).toBe('DELIVERED');
    expect(after!.history.map((h) => h.status)).toEqual(['PENDING', 'SENDING', 'DELIVERED']);
    const audited = await hub.dataSource.query<{ operation: string }[]>(
      `SELECT operation FROM audit_record WHERE $1 = ANY(record_ids) ORDER BY operation`,
      [`victim-notification:${notification!.id}`],
    );
    expect(audited.map((a) => a.operation)).toEqual(
      expect.arrayContaining([
        'victimNotification',
        'victimNotificationStatus:DELIVERED',
        'victimNotifications',
      ]),
    );
  });

  it('should send nothing to a person who did not opt in, nor on a topic they did not choose', async () => {
    const { area, order, personId } = await grantedOrder();
    const other = await grantedOrder();
    await consent(other.area, other.personId, { topics: ['BAIL'] });
    await served(area, order);
    await served(other.area, other.order);
    // Notifications are created in the projection's own transaction: once the service shows, none exists.
    expect(await notificationsOf(area, personId)).toEqual([]);
    expect(await notificationsOf(other.area, other.personId)).toEqual([]);
  });

  it('should wait for the end of a quiet window, and send nothing once consent is withdrawn', async () => {
    const { area, order, personId } = await grantedOrder();
    const recorded = await consent(area, personId, { quietHours: [quietNow()] });
    await served(area, order);
    const [waiting] = await notificationsOf(area, personId);
    expect(waiting).toMatchObject({ kind: 'ORDER_SERVED', status: 'PENDING', attempts: 0 });
    const withdrawn = await graphql<{ withdrawVictimConsent: { active: boolean } }>(
      hub,
      `
        mutation ($id: ID!) {
          withdrawVictimConsent(consentId: $id, reason: "asked by phone") {
            active
          }
        }
      `,
      { id: recorded.id },
      safeguarding(area),
    );
    expect(withdrawn.data?.withdrawVictimConsent.active).toBe(false);
    const [cancelled] = await notificationsOf(area, personId);
    expect(cancelled!.status).toBe('CANCELLED');
    expect(notify.sent.filter((n) => n.reference === waiting!.id)).toEqual([]);
  });

  it('should retry when Notify fails, ask before re-sending, and send once', async () => {
    const { area, order, personId } = await grantedOrder();
    await consent(area, personId, { detail: 'CONTACT_REQUEST_ONLY' });
    notify.failNext(500, 503);
    await publish(order.served);
    const [done] = await expectEventually(async () => {
      const rows = await notificationsOf(area, personId);
      expect(rows[0]).toMatchObject({ status: 'SENDING', attempts: 3 });
      return rows;
    }, 30_000);
    const sent = notify.sent.filter((n) => n.reference === done!.id);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.body).toMatch(/^We have an update for you\. Please call 101 when it is safe to do so/);
    expect(done!.history.map((h) => h.status)).toEqual([
      'PENDING',
      'ATTEMPT_FAILED',
      'ATTEMPT_FAILED',
      'SENDING',
    ]);
  });

  it('should not send twice when Notify took a message but its answer was lost', async () => {
    const { area, order, personId } = await grantedOrder();
    await consent(area, personId);
    notify.loseNextAnswer();
    await publish(order.served);
    const [done] = await expectEventually(async () => {
      const rows = await notificationsOf(area, personId);
      expect(rows[0]).toMatchObject({ status: 'SENDING', attempts: 2 });
      return rows;
    }, 30_000);
    const sent = notify.sent.filter((n) => n.reference === done!.id);
    expect(sent).toHaveLength(1);
    expect(done!.notifyId).toBe(sent[0]!.id);
  });

  it('should give up on a message Notify rejects, and alert the force to reach the person another way', async () => {
    const { area, order, personId } = await grantedOrder();
    await consent(area, personId, { phoneNumber: '0113 4960' });
    await publish(order.served);
    const [failed] = await expectEventually(async () => {
      const rows = await notificationsOf(area, personId);
      expect(rows[0]).toMatchObject({ status: 'FAILED', attempts: 1 });
      return rows;
    }, 30_000);
    expect(failed!.lastError).toContain('Not a UK mobile number');
    const alerts = await graphql<{ alerts: { edges: { node: { kind: string; message: string } }[] } }>(
      hub,
      `
        query ($a: String!) {
          alerts(policeArea: $a) {
            edges {
              node {
                kind
                message
              }
            }
          }
        }
      `,
      { a: area },
      officerOf(area),
    );
    const alert = alerts.data!.alerts.edges.find((e) => e.node.kind === 'VICTIM_NOTIFICATION_FAILED');
    expect(alert?.node.message).toContain(failed!.id);
    expect(alert?.node.message).not.toContain('0113');
  });

  it('should show consents only to police or IDVAs of the recording area, for safeguarding', async () => {
    const { area, personId } = await grantedOrder();
    await consent(area, personId);
    const read = (caller: ShieldlineClaims) =>
      graphql<{ victimConsents: { phoneNumber: string }[] }>(
        hub,
        `
          query ($p: ID!) {
            victimConsents(personId: $p) {
              phoneNumber
            }
          }
        `,
        { p: personId },
        caller,
      );
    expect((await read(safeguarding(area))).data?.victimConsents).toEqual([{ phoneNumber: '07700 900123' }]);
    expect(
      (await read({ sub: 'idva-1', agency: 'idva', area, roles: ['idva'], purpose: 'safeguarding' })).data
        ?.victimConsents,
    ).toHaveLength(1);
    // Another force's officer: nothing (refused records look absent).
    expect((await read(safeguarding(uniquePoliceArea()))).data?.victimConsents).toEqual([]);
    // Enforcement at the door, a prosecutor: not entitled at all.
    expect((await read(officerOf(area))).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(
      (await read({ sub: 'cps-1', agency: 'cps', area: null, roles: ['prosecutor'], purpose: 'prosecution' }))
        .errors?.[0]?.extensions?.code,
    ).toBe('FORBIDDEN');
    // A bad consent is refused with every reason at once.
    const bad = await graphql(
      hub,
      RECORD,
      {
        input: {
          personId,
          channel: 'EMAIL',
          phoneNumber: '07700 900123',
          topics: [],
          doNotLeaveMessages: true,
          consentedAt: '2099-01-01T00:00:00Z',
        },
      },
      safeguarding(area),
    );
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(bad.errors?.[0]?.message).toMatch(
      /EMAIL needs a valid emailAddress.*topics.*consentedAt is in the future/,
    );
  });
});
