import axios, { isAxiosError } from 'axios';
import { NotifyClient } from 'notifications-node-client';
import { ShieldlineError } from '../common/errors';
import { type VictimChannel } from '../domain/rules/victim-messages';
import { type VictimContact } from '../domain/victim-records';

/** One message to one person, as the hub hands it over: the text is already channel-safe. */
export interface OutgoingMessage {
  channel: VictimChannel;
  contact: VictimContact;
  subject: string;
  body: string;
  /** The hub's notification id: Notify keeps it, so a retry can ask whether the last attempt landed. */
  reference: string;
}

/**
 * The port the victim-notification worker sends through (GOV.UK Notify in production and in the tests,
 * against a local server that speaks its API). Failures are ShieldlineErrors: NOTIFY_UNAVAILABLE
 * (retriable: 5xx, 429, no answer) or NOTIFY_REJECTED (not: the request itself is wrong).
 */
export interface MessageSender {
  send(message: OutgoingMessage): Promise<{ notifyId: string }>;
  /** Notify's id of a message the hub already handed over under this reference, if any. */
  findByReference(reference: string): Promise<string | null>;
}

export interface NotifyOptions {
  /** https://api.notifications.service.gov.uk, or a local test server. */
  baseUrl: string;
  apiKey: string;
  /**
   * One template per channel, whose content is `((body))` (and, for email, subject `((subject))`): the
   * words are the hub's (src/domain/rules/victim-messages.ts), reviewed and tested in code.
   */
  templates: Readonly<Record<VictimChannel, string>>;
  smsSenderId?: string | null;
  emailReplyToId?: string | null;
  timeoutMs: number;
}

/** GOV.UK Notify through its official client, notifications-node-client. */
export class GovUkNotifySender implements MessageSender {
  private readonly client: NotifyClient;

  constructor(private readonly options: NotifyOptions) {
    this.client = new NotifyClient(options.baseUrl, options.apiKey);
    // The client's documented hook: an axios instance of ours, so a hung request times out.
    this.client.setClient(axios.create({ timeout: options.timeoutMs }));
  }

  async send(message: OutgoingMessage): Promise<{ notifyId: string }> {
    const templateId = this.options.templates[message.channel];
    const personalisation = { subject: message.subject, body: message.body };
    try {
      if (message.channel === 'SMS') {
        const response = await this.client.sendSms(templateId, message.contact.phoneNumber ?? '', {
          personalisation,
          reference: message.reference,
          ...(this.options.smsSenderId ? { smsSenderId: this.options.smsSenderId } : {}),
        });
        return { notifyId: response.data.id };
      }
      if (message.channel === 'EMAIL') {
        const response = await this.client.sendEmail(templateId, message.contact.emailAddress ?? '', {
          personalisation,
          reference: message.reference,
          ...(this.options.emailReplyToId ? { emailReplyToId: this.options.emailReplyToId } : {}),
        });
        return { notifyId: response.data.id };
      }
      const address = message.contact.postalAddress;
      const lines = [...(address?.lines ?? []), address?.postcode ?? ''];
      const response = await this.client.sendLetter(templateId, {
        personalisation: {
          ...personalisation,
          ...Object.fromEntries(lines.map((line, i) => [`address_line_${i + 1}`, line])),
        },
        reference: message.reference,
      });
      return { notifyId: response.data.id };
    } catch (err) {
      throw notifyFailure(err);
    }
  }

  async findByReference(reference: string): Promise<string | null> {
    try {
      const response = await this.client.getNotifications(undefined, undefined, reference);
      return response.data.notifications[0]?.id ?? null;
    } catch (err) {
      throw notifyFailure(err);
    }
  }
}

/** Notify's answer as a coded error: retriable when Notify or the network may let a retry through. */
export function notifyFailure(err: unknown): ShieldlineError {
  if (err instanceof ShieldlineError) return err;
  if (isAxiosError(err) && err.response) {
    const status = err.response.status;
    const errors = (err.response.data as { errors?: { error?: string; message?: string }[] } | undefined)
      ?.errors;
    const detail =
      errors?.map((e) => `${e.error ?? 'Error'}: ${e.message ?? ''}`).join('; ') || `HTTP ${status}`;
    const retriable = status === 429 || status >= 500;
    return new ShieldlineError(
      retriable ? 'NOTIFY_UNAVAILABLE' : 'NOTIFY_REJECTED',
      `GOV.UK Notify answered ${status}: ${detail}`,
      { retriable, cause: err },
    );
  }
  const message = err instanceof Error ? err.message : String(err);
  return new ShieldlineError('NOTIFY_UNAVAILABLE', `GOV.UK Notify did not answer: ${message}`, {
    retriable: true,
    cause: err,
  });
}
