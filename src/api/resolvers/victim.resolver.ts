import { Arg, Authorized, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { type ConsentRecord, type NotificationRecord } from '../../domain/victim-records';
import { type Gate } from '../auth-checker';
import { type GatewayContext } from '../context';
import {
  type VictimChannelGql,
  VictimConsentGql,
  VictimConsentInput,
  type VictimDetailGql,
  VictimNotificationGql,
  type VictimTopicGql,
} from '../types';

function toConsentGql(c: ConsentRecord): VictimConsentGql {
  return {
    id: c.consentId,
    personId: c.personId,
    policeArea: c.policeArea,
    channel: c.channel as VictimChannelGql,
    phoneNumber: c.contact.phoneNumber ?? null,
    emailAddress: c.contact.emailAddress ?? null,
    postalAddress: c.contact.postalAddress ?? null,
    topics: c.topics as VictimTopicGql[],
    detail: c.detail as VictimDetailGql,
    doNotLeaveMessages: c.doNotLeaveMessages,
    quietHours: [...c.quietHours],
    consentedAt: c.consentedAt,
    recordedBy: c.recordedBy,
    recordedAt: c.recordedAt,
    withdrawnAt: c.withdrawnAt,
    withdrawnBy: c.withdrawnBy,
    withdrawalReason: c.withdrawalReason,
    active: c.withdrawnAt === null,
  };
}

function toNotificationGql(n: NotificationRecord): VictimNotificationGql {
  return {
    id: n.notificationId,
    consentId: n.consentId,
    kind: n.kind,
    subject: n.streamKey,
    status: n.status,
    attempts: n.attempts,
    lastError: n.lastError,
    notifyId: n.notifyId,
    sentAt: n.sentAt,
    createdAt: n.createdAt,
    history: n.history.map((h) => ({ status: h.status, at: new Date(h.at), detail: h.detail })),
  };
}

/** Victim notification: consents (opt-in, withdrawable) and what was sent on them; delegates to the service. */
@Resolver()
export class VictimResolver {
  @Mutation(() => VictimConsentGql, {
    description:
      'Records a protected person’s consent to be told, in the caller’s own police area (police or IDVA, ' +
      'safeguarding; audited). From now on, what they chose is sent to the contact they chose.',
  })
  @Authorized<Gate>('RECORD_VICTIM_CONSENT')
  async recordVictimConsent(
    @Arg('input', () => VictimConsentInput) input: VictimConsentInput,
    @Ctx() ctx: GatewayContext,
  ): Promise<VictimConsentGql> {
    return toConsentGql(
      await ctx.victims.recordConsent(ctx.caller(), {
        personId: input.personId,
        channel: input.channel,
        phoneNumber: input.phoneNumber ?? null,
        emailAddress: input.emailAddress ?? null,
        postalAddress: input.postalAddress ?? null,
        topics: input.topics,
        detail: input.detail,
        doNotLeaveMessages: input.doNotLeaveMessages,
        quietHours: input.quietHours,
        consentedAt: input.consentedAt,
      }),
    );
  }

  @Mutation(() => VictimConsentGql, {
    description:
      'Withdraws a consent: nothing is sent on it from now on, and what it has not sent is cancelled.',
  })
  @Authorized<Gate>('RECORD_VICTIM_CONSENT')
  async withdrawVictimConsent(
    @Arg('consentId', () => ID) consentId: string,
    @Arg('reason', () => String, { nullable: true }) reason: string | null,
    @Ctx() ctx: GatewayContext,
  ): Promise<VictimConsentGql> {
    return toConsentGql(await ctx.victims.withdrawConsent(ctx.caller(), consentId, reason ?? null));
  }

  @Query(() => [VictimConsentGql], {
    description: 'A person’s consents, newest first, as the caller may see them (own police area; audited).',
  })
  @Authorized<Gate>('VICTIM_CONTACT')
  async victimConsents(
    @Arg('personId', () => ID) personId: string,
    @Ctx() ctx: GatewayContext,
  ): Promise<VictimConsentGql[]> {
    return (await ctx.victims.consentsOf(ctx.caller(), personId)).map(toConsentGql);
  }

  @Query(() => [VictimNotificationGql], {
    description:
      'Messages sent to a person on their consents, newest first, with Notify’s statuses (audited).',
  })
  @Authorized<Gate>('VICTIM_CONTACT')
  async victimNotifications(
    @Arg('personId', () => ID) personId: string,
    @Arg('first', () => Int, { defaultValue: 50, description: 'At most 500.' }) first: number,
    @Ctx() ctx: GatewayContext,
  ): Promise<VictimNotificationGql[]> {
    return (await ctx.victims.notificationsOf(ctx.caller(), personId, first)).map(toNotificationGql);
  }

  @Mutation(() => String, {
    description:
      'Sets the telephone line a force’s messages ask people to call (force-admin of that force, or ' +
      'security-admin; audited). Without one, messages give 101.',
  })
  @Authorized<Gate>('FORCE_SETTINGS')
  async setForceVictimContact(
    @Arg('policeArea') policeArea: string,
    @Arg('contactNumber') contactNumber: string,
    @Ctx() ctx: GatewayContext,
  ): Promise<string> {
    return ctx.victims.setContactNumber(ctx.caller(), policeArea, contactNumber);
  }

  @Query(() => String, { nullable: true, description: 'The force’s contact line for messages (null: 101).' })
  @Authorized<Gate>('FORCE_SETTINGS')
  async forceVictimContact(
    @Arg('policeArea') policeArea: string,
    @Ctx() ctx: GatewayContext,
  ): Promise<string | null> {
    return ctx.victims.contactNumber(ctx.caller(), policeArea);
  }
}
