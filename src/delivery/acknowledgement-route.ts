import express from 'express';
import { type DataSource } from 'typeorm';
import { type Logger } from '../common/logger';
import { type AuditPort } from '../security/access-step';
import { forceSystemActor } from './force-system-actor';
import { DeliveryRepository } from '../persistence/repositories/delivery.repository';
import { type OfficerReadRepository } from '../persistence/repositories/officer-read.repository';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifySignature } from './signing';

/**
 * `POST /deliveries/{endpointId}/acknowledgements` — a force system acknowledges an order on behalf of
 * the person who read it: `{"orderRef": "…", "acknowledgedBy": "<that person's id>"}`, signed like the
 * deliveries it receives (HMAC-SHA256 over `<timestamp>.<body>` with one of the endpoint's keys, within
 * five minutes). Only an order of the endpoint's own force. Answers 200 with the acknowledgement that
 * stands (the first), 401 for a missing, stale or wrong signature, 400 for a bad body, 404 for an
 * unknown order or endpoint. Audited as the endpoint, for the person named.
 */
export function acknowledgementRouter(
  dataSource: DataSource,
  orders: OfficerReadRepository,
  audit: AuditPort,
  logger: Logger,
): express.Router {
  const router = express.Router();
  router.post(
    '/deliveries/:endpointId/acknowledgements',
    express.raw({ type: () => true, limit: '16kb' }),
    async (req, res, next) => {
      try {
        const endpointId = String(req.params.endpointId);
        const fail = (status: number, code: string, message: string) =>
          res.status(status).json({ errors: [{ message, extensions: { code } }] });
        const repo = new DeliveryRepository(dataSource);
        const endpoint = /^[0-9a-f-]{36}$/i.test(endpointId)
          ? (await repo.endpointsWithKeys([endpointId])).get(endpointId)
          : undefined;
        if (!endpoint) return fail(404, 'NOT_FOUND', 'no such delivery endpoint');
        const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        const verdict = verifySignature(
          body,
          req.get(TIMESTAMP_HEADER),
          req.get(SIGNATURE_HEADER),
          endpoint.keys,
          Math.floor(Date.now() / 1000),
        );
        if (verdict !== 'VALID')
          return fail(401, 'UNAUTHENTICATED', `signature ${verdict.toLowerCase().replace('_', ' ')}`);
        let parsed: { orderRef?: unknown; acknowledgedBy?: unknown };
        try {
          parsed = JSON.parse(body.toString('utf8')) as typeof parsed;
        } catch {
          return fail(400, 'BAD_REQUEST', 'body is not JSON');
        }
        const { orderRef, acknowledgedBy } = parsed;
        if (typeof orderRef !== 'string' || typeof acknowledgedBy !== 'string' || !acknowledgedBy.trim())
          return fail(
            400,
            'BAD_REQUEST',
            'orderRef and acknowledgedBy (the person’s id) are required strings',
          );
        const order = await orders.orderByRef(orderRef);
        if (!order || order.policeArea?.trim().toUpperCase() !== endpoint.policeArea)
          return fail(404, 'NOT_FOUND', 'no such order of this force');
        const by = `${acknowledgedBy.trim().slice(0, 200)} (via delivery endpoint ${endpoint.endpointId})`;
        const actor = forceSystemActor(endpoint.policeArea, by);
        const ack = await orders.acknowledge(order.orderId, endpoint.policeArea, by);
        await audit.recordRead(actor, 'acknowledgeOrder', [`order:${order.orderId}`]);
        res.json({ orderRef, policeArea: endpoint.policeArea, ...ack });
      } catch (err) {
        logger.warn('signed acknowledgement failed', { error: String(err) });
        next(err);
      }
    },
  );
  return router;
}
