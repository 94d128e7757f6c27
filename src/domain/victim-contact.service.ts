import { newId } from '../common/ids';
import {
  type ConsentRecord,
  type NewConsent,
  type NotificationRecord,
  type VictimContact,
} from './victim-records';
import { decide, policeAreaOf } from '../security/access-policy';
import { type AccessStep } from '../security/access-step';
import { type Actor } from '../security/actor';
import { requireForceAdmin } from './delivery-admin.service';
import { LookupError } from './officer-lookup.service';
import {
  CONTACT_NUMBER_PATTERN,
  type QuietWindow,
  quietWindowProblems,
  VICTIM_TOPICS,
  type VictimChannel,
  type VictimDetail,
  type VictimTopic,
} from './rules/victim-messages';

/** What the service needs from persistence (VictimNotificationRepository). */
export interface VictimContactPort {
  personLabels(personId: string): Promise<{ known: boolean; restrictedTo: string | null }>;
  recordConsent(consent: NewConsent): Promise<ConsentRecord>;
  withdrawConsent(consentId: string, by: string, reason: string | null): Promise<ConsentRecord | null>;
  cancelPendingOf(consentId: string): Promise<number>;
  consents(by: { consentIds?: readonly string[]; personIds?: readonly string[] }): Promise<ConsentRecord[]>;
  notificationsOf(personIds: readonly string[], limit: number): Promise<NotificationRecord[]>;
  setContactNumber(policeArea: string, contactNumber: string, by: string): Promise<void>;
  contactNumber(policeArea: string): Promise<string | null>;
}

export interface ConsentInput {
  personId: string;
  channel: VictimChannel;
  phoneNumber: string | null;
  emailAddress: string | null;
  postalAddress: { lines: string[]; postcode: string } | null;
  topics: readonly VictimTopic[];
  detail: VictimDetail;
  doNotLeaveMessages: boolean;
  quietHours: readonly QuietWindow[];
  /** When the person gave their consent (not when it was typed in). */
  consentedAt: Date;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PHONE = /^\+?[0-9][0-9 ()-]{6,22}$/;
const EMAIL = /^[^\s@]{1,64}@[^\s@]+\.[^\s@]{2,}$/;
const POSTCODE = /^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$/i;

/**
 * A protected person's consent to be told (opt-in, recorded by police or an IDVA of the supporting force,
 * withdrawable at any time) and the messages sent on it. Every read goes through the access step:
 * VICTIM_CONTACT, within the area that recorded the consent; a person party to a police-perpetrated abuse
 * case is restricted like that case inside the accused force. Every change is audited.
 */
export class VictimContactService {
  constructor(
    private readonly repo: VictimContactPort,
    private readonly access: AccessStep,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async recordConsent(actor: Actor, input: ConsentInput): Promise<ConsentRecord> {
    await this.access.require(actor, 'RECORD_VICTIM_CONSENT', 'recordVictimConsent', [
      `person:${input.personId}`,
    ]);
    const area = policeAreaOf(actor);
    if (!area)
      return this.access.refuse(actor, 'recordVictimConsent', [`person:${input.personId}`], 'NO_AREA');
    const problems = consentProblems(input, this.clock());
    if (problems.length > 0) throw new LookupError('BAD_USER_INPUT', problems.join('; '));
    const person = await this.repo.personLabels(input.personId);
    if (!person.known) throw new LookupError('BAD_USER_INPUT', 'no person with this id is known to the hub');
    // Decided like the record it makes, before it is made: inside the accused force of a
    // police-perpetrated abuse case, only the named roles may hold the victim's safe contact.
    const decision = decide(actor, {
      dataClass: 'VICTIM_CONTACT',
      policeArea: area,
      restrictedTo: person.restrictedTo,
      confidentialAddress: true,
    });
    if (!decision.allowed)
      return this.access.refuse(actor, 'recordVictimConsent', [`person:${input.personId}`], decision.rule);
    const consent = await this.repo.recordConsent({
      consentId: newId(),
      personId: input.personId,
      policeArea: area,
      channel: input.channel,
      contact: contactOf(input),
      topics: [...new Set(input.topics)],
      detail: input.detail,
      doNotLeaveMessages: input.doNotLeaveMessages,
      quietHours: input.quietHours.map((w) => ({ from: w.from, to: w.to })),
      consentedAt: input.consentedAt,
      recordedBy: actor.subject,
      recordedByAgency: actor.agency,
    });
    await this.access.recordRead(actor, 'recordVictimConsent', [
      `victim-consent:${consent.consentId}`,
      `person:${consent.personId}`,
    ]);
    return consent;
  }

  /** Withdraws a consent the caller may see; what it has not sent yet is cancelled. */
  async withdrawConsent(actor: Actor, consentId: string, reason: string | null): Promise<ConsentRecord> {
    await this.access.require(actor, 'RECORD_VICTIM_CONSENT', 'withdrawVictimConsent', [
      `victim-consent:${consentId}`,
    ]);
    if (!UUID.test(consentId)) throw new LookupError('BAD_USER_INPUT', 'consentId is not a UUID');
    const [visible] = await this.access.release(
      actor,
      'withdrawVictimConsent',
      await this.repo.consents({ consentIds: [consentId] }),
    );
    if (!visible) throw new LookupError('BAD_USER_INPUT', 'no such consent');
    const withdrawn = await this.repo.withdrawConsent(
      consentId,
      actor.subject,
      reason?.trim().slice(0, 500) || null,
    );
    await this.repo.cancelPendingOf(consentId);
    return withdrawn ?? visible;
  }

  async consentsOf(actor: Actor, personId: string): Promise<ConsentRecord[]> {
    await this.access.require(actor, 'VICTIM_CONTACT', 'victimConsents', [`person:${personId}`]);
    if (!UUID.test(personId)) throw new LookupError('BAD_USER_INPUT', 'personId is not a UUID');
    return this.access.release(actor, 'victimConsents', await this.repo.consents({ personIds: [personId] }));
  }

  async notificationsOf(actor: Actor, personId: string, first: number): Promise<NotificationRecord[]> {
    await this.access.require(actor, 'VICTIM_CONTACT', 'victimNotifications', [`person:${personId}`]);
    if (!UUID.test(personId)) throw new LookupError('BAD_USER_INPUT', 'personId is not a UUID');
    if (!Number.isInteger(first) || first < 1 || first > 500)
      throw new LookupError('BAD_USER_INPUT', 'first must be from 1 to 500');
    return this.access.release(
      actor,
      'victimNotifications',
      await this.repo.notificationsOf([personId], first),
    );
  }

  /** The line a force's messages ask people to call (force-admin of that force, or security-admin). */
  async setContactNumber(actor: Actor, policeArea: string, contactNumber: string): Promise<string> {
    const area = await requireForceAdmin(this.access, actor, policeArea, 'setForceVictimContact');
    const number = contactNumber.trim();
    if (!CONTACT_NUMBER_PATTERN.test(number))
      throw new LookupError('BAD_USER_INPUT', 'contactNumber must be a telephone number (digits and spaces)');
    await this.repo.setContactNumber(area, number, actor.subject);
    await this.access.recordRead(actor, 'setForceVictimContact', [`force-victim-contact:${area}`]);
    return number;
  }

  async contactNumber(actor: Actor, policeArea: string): Promise<string | null> {
    const area = await requireForceAdmin(this.access, actor, policeArea, 'forceVictimContact');
    return this.repo.contactNumber(area);
  }
}

function contactOf(input: ConsentInput): VictimContact {
  if (input.channel === 'SMS') return { phoneNumber: input.phoneNumber!.trim() };
  if (input.channel === 'EMAIL') return { emailAddress: input.emailAddress!.trim() };
  return {
    postalAddress: {
      lines: input.postalAddress!.lines.map((l) => l.trim()),
      postcode: input.postalAddress!.postcode.trim().toUpperCase(),
    },
  };
}

/** Everything wrong with a consent, in one answer. */
export function consentProblems(input: ConsentInput, now: Date): string[] {
  const problems: string[] = [];
  if (!UUID.test(input.personId)) problems.push('personId is not a UUID');
  const given = {
    SMS: input.phoneNumber !== null,
    EMAIL: input.emailAddress !== null,
    LETTER: input.postalAddress !== null,
  };
  for (const channel of ['SMS', 'EMAIL', 'LETTER'] as const)
    if (channel !== input.channel && given[channel])
      problems.push(`a consent by ${input.channel} takes only its own contact, not the ${channel} one given`);
  if (input.channel === 'SMS' && !PHONE.test(input.phoneNumber?.trim() ?? ''))
    problems.push('SMS needs phoneNumber (digits, spaces, an optional leading +)');
  if (
    input.channel === 'EMAIL' &&
    (!EMAIL.test(input.emailAddress?.trim() ?? '') || input.emailAddress!.length > 254)
  )
    problems.push('EMAIL needs a valid emailAddress');
  if (input.channel === 'LETTER') {
    const address = input.postalAddress;
    if (!address) problems.push('LETTER needs postalAddress');
    else {
      if (address.lines.length < 2 || address.lines.length > 6)
        problems.push('postalAddress needs 2 to 6 lines');
      if (address.lines.some((l) => !l.trim() || l.length > 80))
        problems.push('postalAddress lines must be non-empty, at most 80 characters');
      if (!POSTCODE.test(address.postcode.trim()))
        problems.push('postalAddress.postcode is not a UK postcode');
    }
  }
  if (input.topics.length === 0) problems.push(`topics: choose at least one of ${VICTIM_TOPICS.join(', ')}`);
  problems.push(...quietWindowProblems(input.quietHours));
  if (Number.isNaN(input.consentedAt.getTime())) problems.push('consentedAt is not a time');
  else if (input.consentedAt.getTime() > now.getTime() + 5 * 60_000)
    problems.push('consentedAt is in the future');
  return problems;
}
