import { type Request, type Response, Router } from 'express';
import { findConnector } from '../../connectors';
import { errorMessage, ShieldlineError } from '../common/errors';
import { type Logger } from '../common/logger';
import { type TokenVerifier } from '../security/identity';
import { decideOnFailure } from './failure-policy';
import { type IngestService } from './ingest.service';

/**
 * POST /ingest/:connectorId — a source system pushes one record in its own format.
 *   202 { status: "ACCEPTED", events: [{ id, type, subject }] }   durable in the event log
 *   4xx { status: "REJECTED", reason, problems, deadLetterId }     dead-lettered with the original bytes
 *   503 { error: { code, retriable: true } }                       the log did not acknowledge; send again
 *   401 / 403 { error: { code } }                                   no valid token / not a publisher
 * Re-sending the same record version returns the same event ids and projects once.
 */
export const PUBLISHER_ROLE = 'publisher';

export function ingestRouter(
  service: IngestService,
  maxPayloadBytes: number,
  logger: Logger,
  verifier: TokenVerifier,
): Router {
  const router = Router();
  router.post('/ingest/:connectorId', async (req: Request, res: Response) => {
    // Source systems authenticate like everyone else: a signed token with the publisher role.
    const identity = await verifier.verify(req.headers.authorization);
    if (!('actor' in identity)) {
      res.status(401).json({
        error: {
          code: 'UNAUTHENTICATED',
          message: 'error' in identity ? identity.error : 'a signed bearer token is required',
        },
      });
      return;
    }
    if (!identity.actor.roles.includes(PUBLISHER_ROLE)) {
      res
        .status(403)
        .json({ error: { code: 'FORBIDDEN', message: `publishing needs the ${PUBLISHER_ROLE} role` } });
      return;
    }
    const connector = findConnector(String(req.params.connectorId));
    if (!connector) {
      res.status(404).json({
        error: { code: 'UNKNOWN_CONNECTOR', message: `no connector "${String(req.params.connectorId)}"` },
      });
      return;
    }
    try {
      const body = await readBody(req, maxPayloadBytes);
      const outcome = await service.ingest(connector, {
        bytes: body.bytes,
        contentType: req.headers['content-type'] ?? null,
        truncated: body.truncated,
      });
      if (outcome.status === 'ACCEPTED') {
        res.status(202).json(outcome);
        return;
      }
      const status =
        outcome.reason === 'OVERSIZED'
          ? 413
          : outcome.reason === 'UNSUPPORTED_CONTENT_TYPE'
            ? 415
            : outcome.reason === 'UNPARSEABLE'
              ? 400
              : 422;
      res.status(status).json(outcome);
    } catch (err) {
      // The record was valid (rejections are answered above); the failure is ours or the log's.
      const retriable = decideOnFailure(err) === 'RETRY';
      const code = err instanceof ShieldlineError ? err.code : 'INTERNAL';
      logger.warn('ingest failed before the log acknowledged', {
        connector: connector.id,
        code,
        error: errorMessage(err),
      });
      res
        .status(retriable ? 503 : 500)
        .set(retriable ? { 'Retry-After': '1' } : {})
        .json({ error: { code, message: errorMessage(err), retriable } });
    }
  });
  return router;
}

/** Reads at most `limit` bytes; past that keeps the first `limit` bytes and drains the rest. */
async function readBody(req: Request, limit: number): Promise<{ bytes: Buffer; truncated: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  let truncated = false;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    if (truncated) continue;
    if (size + chunk.length > limit) {
      chunks.push(chunk.subarray(0, limit - size));
      size = limit;
      truncated = true;
      continue;
    }
    chunks.push(chunk);
    size += chunk.length;
  }
  return { bytes: Buffer.concat(chunks), truncated };
}
