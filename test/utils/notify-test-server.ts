import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo } from 'node:net';
import { jwtVerify } from 'jose';

/** A template as Notify holds it: its type and content with ((placeholders)). */
export interface NotifyTemplate {
  id: string;
  type: 'sms' | 'email' | 'letter';
  subject?: string;
  body: string;
}

export interface SentNotification {
  id: string;
  type: 'sms' | 'email' | 'letter';
  templateId: string;
  to: string | null;
  personalisation: Record<string, string>;
  reference: string | null;
  /** The content as Notify rendered it. */
  body: string;
  subject: string | null;
  createdAt: string;
}

/**
 * A local server that speaks the GOV.UK Notify HTTP API (v2) as the official client uses it, for tests:
 * JWT authentication (HS256, issuer = service id, iat within 30 s, signed with the key's secret), send
 * SMS / email / letter against its templates (Missing personalisation → 400, as Notify answers), list by
 * reference, get by id, scripted failures (`failNext`), and delivery-status callbacks to a configured URL
 * with its bearer token (`deliver`). Errors have Notify's shape: {status_code, errors: [{error, message}]}.
 */
export async function startNotifyTestServer(templates: readonly NotifyTemplate[]) {
  const serviceId = randomUUID();
  const secret = randomUUID();
  const apiKey = `shieldline_test-${serviceId}-${secret}`;
  const sent: SentNotification[] = [];
  const failures: number[] = [];
  let loseAnswers = 0;
  const rejectedTokens: string[] = [];
  let callback: { url: string; token: string } | null = null;
  const byId = new Map(templates.map((t) => [t.id, t]));

  const answer = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };
  const error = (res: ServerResponse, status: number, kind: string, message: string) =>
    answer(res, status, { status_code: status, errors: [{ error: kind, message }] });

  const authenticated = async (req: IncomingMessage): Promise<boolean> => {
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!token) return false;
    try {
      const { payload } = await jwtVerify(token, new TextEncoder().encode(secret), { algorithms: ['HS256'] });
      const fresh = typeof payload.iat === 'number' && Math.abs(Date.now() / 1000 - payload.iat) <= 30;
      if (payload.iss === serviceId && fresh) return true;
    } catch {
      // fall through
    }
    rejectedTokens.push(token);
    return false;
  };

  const render = (text: string, values: Record<string, string>) =>
    text.replace(/\(\(([a-z0-9_]+)\)\)/gi, (_m, name: string) => values[name] ?? '');

  const handle = async (req: IncomingMessage, res: ServerResponse, raw: string) => {
    if (!(await authenticated(req)))
      return error(res, 403, 'AuthError', 'Invalid token: signature, api token not found');
    const url = new URL(req.url ?? '/', 'http://notify.local');
    if (req.method === 'GET' && url.pathname === '/v2/notifications') {
      const reference = url.searchParams.get('reference');
      const found = sent.filter((n) => reference === null || n.reference === reference);
      return answer(res, 200, {
        notifications: found.map((n) => ({
          id: n.id,
          reference: n.reference,
          type: n.type,
          status: 'sending',
        })),
        links: { current: url.toString() },
      });
    }
    const send = /^\/v2\/notifications\/(sms|email|letter)$/.exec(url.pathname);
    if (req.method !== 'POST' || !send) return error(res, 404, 'NotFound', 'not found');
    const scripted = failures.shift();
    if (scripted !== undefined)
      return error(res, scripted, scripted === 429 ? 'RateLimitError' : 'Exception', 'scripted failure');
    let body: {
      template_id?: string;
      phone_number?: string;
      email_address?: string;
      personalisation?: Record<string, string>;
      reference?: string;
    };
    try {
      body = JSON.parse(raw) as typeof body;
    } catch {
      return error(res, 400, 'BadRequestError', 'Invalid JSON');
    }
    const type = send[1] as SentNotification['type'];
    const template = byId.get(body.template_id ?? '');
    if (!template) return error(res, 400, 'BadRequestError', 'Template not found');
    if (template.type !== type)
      return error(
        res,
        400,
        'BadRequestError',
        `${type} template is not suitable for ${template.type} notification`,
      );
    const values = body.personalisation ?? {};
    const needed = [...`${template.subject ?? ''} ${template.body}`.matchAll(/\(\(([a-z0-9_]+)\)\)/gi)].map(
      (m) => m[1]!,
    );
    if (type === 'letter') needed.push('address_line_1', 'address_line_2', 'address_line_3');
    const missing = needed.filter((name) => values[name] === undefined);
    if (missing.length > 0)
      return error(
        res,
        400,
        'BadRequestError',
        `Missing personalisation: ${[...new Set(missing)].join(', ')}`,
      );
    const to = type === 'sms' ? body.phone_number : type === 'email' ? body.email_address : null;
    if (type === 'sms' && !/^\+?[0-9 ]{10,16}$/.test(to ?? ''))
      return error(res, 400, 'ValidationError', 'phone_number Not a UK mobile number');
    if (type === 'email' && !/^[^@\s]+@[^@\s]+$/.test(to ?? ''))
      return error(res, 400, 'ValidationError', 'email_address Not a valid email address');
    const notification: SentNotification = {
      id: randomUUID(),
      type,
      templateId: template.id,
      to: to ?? null,
      personalisation: values,
      reference: body.reference ?? null,
      body: render(template.body, values),
      subject: template.subject ? render(template.subject, values) : null,
      createdAt: new Date().toISOString(),
    };
    sent.push(notification);
    if (loseAnswers > 0) {
      loseAnswers--;
      return error(res, 504, 'Exception', 'gateway timeout (the notification was accepted)');
    }
    return answer(res, 201, {
      id: notification.id,
      reference: notification.reference,
      content: { body: notification.body, subject: notification.subject, from_number: 'GOVUK' },
      uri: `${url.origin}/v2/notifications/${notification.id}`,
      template: {
        id: template.id,
        version: 1,
        uri: `${url.origin}/services/${serviceId}/templates/${template.id}`,
      },
    });
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      handle(req, res, Buffer.concat(chunks).toString('utf8')).catch((err: unknown) =>
        error(res, 500, 'Exception', String(err)),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    apiKey,
    sent,
    rejectedTokens,
    /** The next sends fail with these HTTP statuses, in turn (then succeed). */
    failNext(...statuses: number[]) {
      failures.push(...statuses);
    },
    /** The next send is accepted and kept, but its answer is lost (a 504 instead of the 201). */
    loseNextAnswer() {
      loseAnswers++;
    },
    /** Where Notify sends delivery-status callbacks, and the bearer token it sends with them. */
    setCallback(url: string, token: string) {
      callback = { url, token };
    },
    /** Reports a delivery status for a notification, as Notify's callback does; returns the hub's answer. */
    async deliver(
      notificationId: string,
      status: 'delivered' | 'permanent-failure' | 'temporary-failure' | 'technical-failure',
      token?: string,
    ) {
      if (!callback) throw new Error('no callback configured');
      const n = sent.find((s) => s.id === notificationId);
      const now = new Date().toISOString();
      const response = await fetch(callback.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token ?? callback.token}` },
        body: JSON.stringify({
          id: notificationId,
          reference: n?.reference ?? null,
          to: n?.to ?? null,
          status,
          created_at: n?.createdAt ?? now,
          completed_at: now,
          sent_at: now,
          notification_type: n?.type ?? 'sms',
          template_id: n?.templateId ?? null,
          template_version: 1,
        }),
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The hub's wrapper templates, as a deployment creates them in Notify (docs/victim-notification.md). */
export const HUB_TEMPLATES: readonly NotifyTemplate[] = [
  { id: randomUUID(), type: 'sms', body: '((body))' },
  { id: randomUUID(), type: 'email', subject: '((subject))', body: '((body))' },
  { id: randomUUID(), type: 'letter', subject: '((subject))', body: '((body))' },
];

/** The hub's NOTIFY_* settings for a test server holding HUB_TEMPLATES. */
export function notifySettings(
  server: { baseUrl: string; apiKey: string },
  callbackToken: string,
): Record<string, string> {
  return {
    NOTIFY_BASE_URL: server.baseUrl,
    NOTIFY_API_KEY: server.apiKey,
    NOTIFY_CALLBACK_TOKEN: callbackToken,
    NOTIFY_TEMPLATE_SMS: HUB_TEMPLATES[0]!.id,
    NOTIFY_TEMPLATE_EMAIL: HUB_TEMPLATES[1]!.id,
    NOTIFY_TEMPLATE_LETTER: HUB_TEMPLATES[2]!.id,
  };
}
