import { timingSafeEqual } from 'node:crypto';
import express from 'express';
import { type DataSource } from 'typeorm';
import { type Logger } from '../common/logger';
import { VictimNotificationRepository } from '../persistence/repositories/victim-notification.repository';
import { type VictimNotificationStatus } from '../domain/victim-records';
import { type AuditPort } from '../security/access-step';
import { type Actor } from '../security/actor';

/** GOV.UK Notify's delivery statuses, as its callbacks send them, and the hub's names for them. */
const STATUSES: Readonly<Record<string, VictimNotificationStatus>> = {
  delivered: 'DELIVERED',
  'permanent-failure': 'PERMANENT_FAILURE',
  'temporary-failure': 'TEMPORARY_FAILURE',
  'technical-failure': 'TECHNICAL_FAILURE',
};

const NOTIFY: Actor = {
  subject: 'gov-uk-notify:status-callback',
  agency: 'other',
  purpose: 'safeguarding',
  purposes: ['safeguarding'],
  roles: [],
  area: null,
  tokenId: null,
  expiresAt: Number.MAX_SAFE_INTEGER,
};

/**
 * `POST /notify/status` — GOV.UK Notify's delivery-status callback (configured in Notify with the bearer
 * token NOTIFY_CALLBACK_TOKEN): `{"id", "reference", "status", "completed_at", …}`. The status is recorded
 * on the notification, with its time, and audited. 401 for a missing or wrong token, 400 for a body that
 * is not a Notify callback; 200 for a notification the hub does not know (recorded nowhere: nothing to
 * tell it about), so Notify does not retry it forever.
 */
export function notifyStatusRouter(
  dataSource: DataSource,
  callbackToken: string,
  audit: AuditPort,
  logger: Logger,
): express.Router {
  const router = express.Router();
  const expected = Buffer.from(`Bearer ${callbackToken}`, 'utf8');
  router.post('/notify/status', express.json({ limit: '16kb', type: () => true }), async (req, res, next) => {
    try {
      const fail = (status: number, code: string, message: string) =>
        res.status(status).json({ errors: [{ message, extensions: { code } }] });
      const given = Buffer.from(req.get('authorization') ?? '', 'utf8');
      if (given.length !== expected.length || !timingSafeEqual(given, expected))
        return fail(401, 'UNAUTHENTICATED', 'a valid bearer token is required');
      const body = req.body as { id?: unknown; status?: unknown; completed_at?: unknown; sent_at?: unknown };
      const status = typeof body.status === 'string' ? STATUSES[body.status] : undefined;
      if (typeof body.id !== 'string' || !/^[0-9a-f-]{36}$/i.test(body.id) || !status)
        return fail(
          400,
          'BAD_REQUEST',
          `id (a UUID) and status (${Object.keys(STATUSES).join(', ')}) are required`,
        );
      const reported = [body.completed_at, body.sent_at].find(
        (v): v is string => typeof v === 'string' && !Number.isNaN(Date.parse(v)),
      );
      const at = reported ? new Date(reported) : new Date();
      const recorded = await new VictimNotificationRepository(dataSource).recordStatus(body.id, status, at);
      if (!recorded) {
        logger.info('status callback for a notification the hub does not know', { notifyId: body.id });
        return res.json({ recorded: false });
      }
      await audit.recordRead(NOTIFY, `victimNotificationStatus:${status}`, [
        `victim-notification:${recorded.notificationId}`,
        `person:${recorded.personId}`,
      ]);
      res.json({ recorded: true });
    } catch (err) {
      logger.warn('notify status callback failed', { error: String(err) });
      next(err);
    }
  });
  return router;
}
