import { createHash } from 'node:crypto';
import { type NextFunction, type Request, type Response } from 'express';
import { ShieldlineError } from '../common/errors';
import { CONSOLE_DOCUMENTS } from './console-documents';
import { OFFICER_APP_DOCUMENTS, type OperationDocument } from './officer-app-documents';

/** Every operation the hub's own clients send: the reference officer app's and the console's. */
export const HUB_DOCUMENTS: readonly OperationDocument[] = [...OFFICER_APP_DOCUMENTS, ...CONSOLE_DOCUMENTS];

/**
 * Trusted documents (persisted operations) for officer apps: the gateway runs only operations it was
 * given in advance, identified by the sha-256 of their text, so a stolen token cannot be used to run
 * arbitrary queries against victims' data.
 * - `off`: any operation (subject to depth / cost limits and the access policy, as always);
 * - `allow`: any operation, and clients may send just the id (`documentId`, or Apollo's
 *   `extensions.persistedQuery.sha256Hash`) instead of the text;
 * - `require`: only operations in the manifest — by id, or by text whose hash is in it.
 */
export type TrustedDocumentsMode = 'off' | 'allow' | 'require';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** An Apollo persisted-query manifest for these operations (what `schema:emit` writes). */
export function persistedQueryManifest(documents: readonly OperationDocument[]): string {
  const manifest = {
    format: 'apollo-persisted-query-manifest',
    version: 1,
    operations: documents.map((d) => ({ id: sha256(d.body), name: d.name, type: d.type, body: d.body })),
  };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

export class TrustedDocuments {
  private constructor(private readonly byId: ReadonlyMap<string, string>) {}

  static fromDocuments(documents: readonly OperationDocument[]): TrustedDocuments {
    return new TrustedDocuments(new Map(documents.map((d) => [sha256(d.body), d.body])));
  }

  /** Parses a manifest; refuses one whose ids are not the hashes of their bodies. */
  static fromManifest(json: string, source: string): TrustedDocuments {
    let parsed: { operations?: { id?: unknown; body?: unknown }[] };
    try {
      parsed = JSON.parse(json) as typeof parsed;
    } catch (err) {
      throw new ShieldlineError('CONFIG_INVALID', `${source} is not JSON: ${(err as Error).message}`);
    }
    if (!Array.isArray(parsed.operations)) {
      throw new ShieldlineError('CONFIG_INVALID', `${source} has no "operations" list`);
    }
    const byId = new Map<string, string>();
    for (const [i, op] of parsed.operations.entries()) {
      if (typeof op.id !== 'string' || typeof op.body !== 'string' || sha256(op.body) !== op.id) {
        throw new ShieldlineError(
          'CONFIG_INVALID',
          `${source}: operations[${i}] needs a body and id = sha-256 of the body`,
        );
      }
      byId.set(op.id, op.body);
    }
    return new TrustedDocuments(byId);
  }

  get size(): number {
    return this.byId.size;
  }

  get(id: string): string | undefined {
    return this.byId.get(id);
  }

  isTrusted(query: string): boolean {
    return this.byId.has(sha256(query));
  }
}

interface GraphQLBody {
  query?: unknown;
  documentId?: unknown;
  extensions?: { persistedQuery?: { sha256Hash?: unknown } } & Record<string, unknown>;
}

function reject(res: Response, code: string, message: string): void {
  res.status(400).json({ errors: [{ message, extensions: { code } }] });
}

/**
 * HTTP: resolves a document id to its text before Apollo sees the request, and in `require` mode turns
 * away any operation that is not in the manifest (400, PERSISTED_QUERY_NOT_ALLOWED). Ids are sent by
 * POST; a GET request may carry a trusted document's full text.
 */
export function trustedDocumentsMiddleware(documents: TrustedDocuments, mode: TrustedDocumentsMode) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (mode === 'off') {
      next();
      return;
    }
    const body: GraphQLBody =
      req.method === 'GET'
        ? {
            query: req.query.query,
            documentId: req.query.documentId,
            extensions:
              typeof req.query.extensions === 'string'
                ? (safeJson(req.query.extensions) as GraphQLBody['extensions'])
                : undefined,
          }
        : ((req.body ?? {}) as GraphQLBody);
    const id = body.documentId ?? body.extensions?.persistedQuery?.sha256Hash;
    const text = typeof id === 'string' ? documents.get(id) : undefined;
    if (typeof id === 'string' && text === undefined && typeof body.query !== 'string') {
      reject(res, 'PERSISTED_QUERY_NOT_FOUND', `no trusted document with id ${id}`);
      return;
    }
    // An unknown id sent with its text (Apollo's automatic persisted queries) is judged by the text below.
    if (text !== undefined) {
      if (req.method === 'GET') {
        reject(res, 'PERSISTED_QUERY_NOT_SUPPORTED', 'send a documentId by POST');
        return;
      }
      const post = req.body as GraphQLBody;
      post.query = text;
      delete post.documentId;
      if (post.extensions) delete post.extensions.persistedQuery;
      next();
      return;
    }
    if (mode === 'require' && !(typeof body.query === 'string' && documents.isTrusted(body.query))) {
      reject(
        res,
        'PERSISTED_QUERY_NOT_ALLOWED',
        'this gateway runs trusted documents only: send a documentId from the manifest',
      );
      return;
    }
    next();
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
