import { AccessDenied, type AccessStep } from '../security/access-step';
import { type Request, type Response, Router } from 'express';
import { findConnector } from '../../connectors';
import { type RejectionReason } from '../../connectors/contract/connector';
import { errorMessage, ShieldlineError } from '../common/errors';
import { type Logger } from '../common/logger';
import { type TokenVerifier } from '../security/identity';
import { type Actor } from '../security/actor';
import { decideOnFailure } from '../common/failure-policy';
import { type IngestAdmission } from './admission';
import {
  type IncomingRecord,
  type IngestOutcome,
  type IngestService,
  type RecordOutcome,
} from './ingest.service';

/**
 * POST /ingest/:connectorId — a source system pushes a record, or uploads a file, in its own format.
 *
 * One message (application/json, application/xml):
 *   202 { status: "ACCEPTED", duplicate, events: [{ id, type, subject }] }  durable in the event log
 *   4xx { status: "REJECTED", reason, problems, deadLetterId }             dead-lettered with the bytes
 * A file (text/csv, application/x-ndjson) or a record batch (RECORD_BATCH_MEDIA_TYPE, sent by
 * `shieldline ingest`): every record is handled on its own, bad ones dead-lettered, the rest published:
 *   200 { summary: { records, accepted, duplicates, rejected }, records: [{ position, locator, status, … }] }
 * Either way:
 *   503 { error: { code, retriable: true } }   the log did not acknowledge (EVENT_LOG_UNAVAILABLE), or the
 *                                              door is full (INGEST_OVERLOADED, answered unread): send
 *                                              again after Retry-After (ids are stable)
 *   401 / 403 { error: { code } }              no valid token / not a publisher
 * Re-sending the same record version returns the same event ids and projects once.
 */
export const PUBLISHER_ROLE = 'publisher';

/** Records already cut by a reader, each with its own media type and bytes (base64): the CLI's upload. */
export const RECORD_BATCH_MEDIA_TYPE = 'application/vnd.shieldline.record-batch+json';
const BATCH_PAYLOADS = new Set(['text/csv', 'application/x-ndjson', RECORD_BATCH_MEDIA_TYPE]);

export interface BatchResponse {
  summary: { records: number; accepted: number; duplicates: number; rejected: number };
  records: (IngestOutcome & { position: number; locator: string })[];
}

export function summarise(outcomes: readonly RecordOutcome[]): BatchResponse['summary'] {
  const accepted = outcomes.filter((o) => o.status === 'ACCEPTED');
  return {
    records: outcomes.length,
    accepted: accepted.filter((o) => !o.duplicate).length,
    duplicates: accepted.filter((o) => o.duplicate).length,
    rejected: outcomes.length - accepted.length,
  };
}

/** Takes a source's daily manifest (implemented by the reconciliation service). */
export interface ManifestReceiver {
  submit(actor: Actor, connector: string, body: unknown): Promise<{ run: object } | { problems: string[] }>;
}

export function ingestRouter(
  service: IngestService,
  limits: { maxPayloadBytes: number; maxUploadBytes: number; admission: IngestAdmission },
  logger: Logger,
  verifier: TokenVerifier,
  access: AccessStep,
  reconciliation: ManifestReceiver | null = null,
): Router {
  const router = Router();
  /**
   * Source systems authenticate like everyone else: a signed token with the publisher role. These doors
   * do one thing, publishing: a token that allows the publication purpose acts for it here without
   * declaring it (an explicit X-Shieldline-Purpose still wins). The answer is sent when refused.
   */
  const publisher = async (req: Request, res: Response, operation: string): Promise<Actor | null> => {
    const declared = req.headers['x-shieldline-purpose'];
    let identity = await verifier.verify(
      req.headers.authorization,
      typeof declared === 'string' ? declared : 'publication',
    );
    if ('error' in identity && declared === undefined)
      identity = await verifier.verify(req.headers.authorization);
    if (!('actor' in identity)) {
      res.status(401).json({
        error: {
          code: 'UNAUTHENTICATED',
          message: 'error' in identity ? identity.error : 'a signed bearer token is required',
        },
      });
      return null;
    }
    // The same entitlement step as every read: publisher role, publication purpose, a publishing agency.
    try {
      await access.require(identity.actor, 'PUBLISH_RECORDS', operation, [
        `connector:${String(req.params.connectorId)}`,
      ]);
    } catch (err) {
      if (!(err instanceof AccessDenied)) throw err;
      res.status(403).json({
        error: {
          code: 'FORBIDDEN',
          reason: err.rule,
          message: `publishing needs the ${PUBLISHER_ROLE} role and the publication purpose`,
        },
      });
      return null;
    }
    return identity.actor;
  };

  if (reconciliation) {
    /**
     * POST /reconciliation/:connectorId — a source's manifest of one day: { day, records: [{ id, version,
     * type }], counts? }. 200 with the comparison; 400 with the problems; 401 / 403 as for ingest.
     */
    router.post('/reconciliation/:connectorId', async (req: Request, res: Response) => {
      const actor = await publisher(req, res, 'submitManifest');
      if (!actor) return;
      if (!findConnector(String(req.params.connectorId))) {
        res.status(404).json({
          error: { code: 'UNKNOWN_CONNECTOR', message: `no connector "${String(req.params.connectorId)}"` },
        });
        return;
      }
      const body = await readBody(req, limits.maxUploadBytes);
      let parsed: unknown;
      try {
        if (body.truncated) throw new Error('the manifest is over the upload size limit');
        parsed = JSON.parse(body.bytes.toString('utf8'));
      } catch (err) {
        res.status(body.truncated ? 413 : 400).json({
          error: { code: 'BAD_MANIFEST', message: errorMessage(err), problems: [] },
        });
        return;
      }
      const outcome = await reconciliation.submit(actor, String(req.params.connectorId), parsed);
      if ('problems' in outcome) {
        res.status(400).json({
          error: { code: 'BAD_MANIFEST', message: 'the manifest is not valid', problems: outcome.problems },
        });
        return;
      }
      res.status(200).json(outcome.run);
    });
  }

  router.post('/ingest/:connectorId', async (req: Request, res: Response) => {
    // First, before the token is checked or the body read: shedding costs next to nothing.
    const release = limits.admission.tryAdmit(String(req.params.connectorId));
    if (!release) {
      res
        .status(503)
        .set('Retry-After', '1')
        .json({
          error: {
            code: 'INGEST_OVERLOADED',
            message: `the hub is handling ${limits.admission.maxInFlight} ingest requests already: this one was not read, nothing of it was accepted; send it again after Retry-After seconds`,
            retriable: true,
          },
        });
      return;
    }
    try {
      await ingest(req, res);
    } finally {
      release();
    }
  });

  const ingest = async (req: Request, res: Response) => {
    const actor = await publisher(req, res, 'ingest');
    if (!actor) return;
    const connector = findConnector(String(req.params.connectorId));
    if (!connector) {
      res.status(404).json({
        error: { code: 'UNKNOWN_CONNECTOR', message: `no connector "${String(req.params.connectorId)}"` },
      });
      return;
    }
    const contentType = req.headers['content-type'] ?? null;
    const mediaType = contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
    const batch = BATCH_PAYLOADS.has(mediaType);
    try {
      const body = await readBody(req, batch ? limits.maxUploadBytes : limits.maxPayloadBytes);
      let payloads: IncomingRecord[] = [{ bytes: body.bytes, contentType, truncated: body.truncated }];
      let where: { position: number; locator: string }[] | null = null;
      if (mediaType === RECORD_BATCH_MEDIA_TYPE) {
        const decoded = decodeRecordBatch(body.bytes, body.truncated);
        if ('error' in decoded) {
          res
            .status(body.truncated ? 413 : 400)
            .json({ error: { code: 'BAD_RECORD_BATCH', message: decoded.error } });
          return;
        }
        payloads = decoded.records.map((r) => ({ bytes: r.bytes, contentType: r.mediaType, single: true }));
        where = decoded.records;
      }
      const outcomes = await service.ingestBatch(connector, payloads);
      if (!batch && outcomes.length === 1) {
        const { payloadIndex: _p, position: _pos, locator: _l, ...outcome } = outcomes[0]!;
        res.status(outcome.status === 'ACCEPTED' ? 202 : rejectionStatus(outcome.reason)).json(outcome);
        return;
      }
      const response: BatchResponse = {
        summary: summarise(outcomes),
        records: outcomes.map(({ payloadIndex, ...o }) => ({
          ...o,
          // A record batch keeps the positions the sender's reader gave (lines of the original file).
          ...(where
            ? { position: where[payloadIndex]!.position, locator: where[payloadIndex]!.locator }
            : {}),
        })),
      };
      res.status(200).json(response);
    } catch (err) {
      // The records were read (rejections are answered above); the failure is ours or the log's.
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
        // The cause (a broker's host and port, a driver's message) is logged, never answered.
        .json({
          error: {
            code,
            message: retriable
              ? 'the event log is unavailable: nothing was accepted; send again'
              : 'not accepted',
            retriable,
          },
        });
    }
  };
  return router;
}

function rejectionStatus(reason: RejectionReason): number {
  switch (reason) {
    case 'OVERSIZED':
      return 413;
    case 'UNSUPPORTED_CONTENT_TYPE':
      return 415;
    case 'UNPARSEABLE':
      return 400;
    case 'SCHEMA_INVALID':
    case 'UNKNOWN_CODE':
    case 'IMPOSSIBLE_DATE':
    case 'FORBIDDEN_CONSTRUCT':
      return 422;
    case 'VERSION_CONFLICT':
      return 409;
  }
}

export interface BatchRecord {
  position: number;
  locator: string;
  mediaType: string;
  bytes: Buffer;
}

export function encodeRecordBatch(records: readonly BatchRecord[]): Buffer {
  return Buffer.from(
    JSON.stringify({
      records: records.map((r) => ({
        position: r.position,
        locator: r.locator,
        mediaType: r.mediaType,
        bytes: r.bytes.toString('base64'),
      })),
    }),
  );
}

function decodeRecordBatch(
  bytes: Buffer,
  truncated: boolean,
): { records: BatchRecord[] } | { error: string } {
  if (truncated)
    return { error: 'record batch exceeds the upload size limit; send fewer records per request' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString('utf8'));
  } catch (err) {
    return { error: `record batch is not JSON: ${errorMessage(err)}` };
  }
  const list = (parsed as { records?: unknown } | null)?.records;
  if (!Array.isArray(list)) return { error: 'record batch must be {"records": [...]}' };
  const records: BatchRecord[] = [];
  for (const [i, item] of list.entries()) {
    const r = item as Partial<Record<'position' | 'locator' | 'mediaType' | 'bytes', unknown>> | null;
    if (
      !r ||
      typeof r.position !== 'number' ||
      typeof r.locator !== 'string' ||
      typeof r.mediaType !== 'string' ||
      typeof r.bytes !== 'string'
    ) {
      return { error: `records[${i}] needs position (number), locator, mediaType and bytes (base64)` };
    }
    records.push({
      position: r.position,
      locator: r.locator,
      mediaType: r.mediaType,
      bytes: Buffer.from(r.bytes, 'base64'),
    });
  }
  return { records };
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
