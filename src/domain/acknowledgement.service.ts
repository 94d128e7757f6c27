import { type AccessStep } from '../security/access-step';
import { type Actor } from '../security/actor';
import { LookupError } from './officer-lookup.service';
import { requireForceAdmin } from './delivery-admin.service';
import { type OfficerLookupService } from './officer-lookup.service';
import { type OrderView } from './read-records';

export interface EscalationView {
  step: number;
  at: Date;
}

export interface NotificationView {
  orderId: string;
  policeArea: string;
  notifiedAt: Date;
  acknowledgedBy: string | null;
  acknowledgedAt: Date | null;
  escalations: EscalationView[];
}

export interface ForceSettingView {
  policeArea: string;
  acknowledgeWithinSeconds: number;
  escalateEverySeconds: number;
  dueSoonLeads: Record<string, number>;
  updatedBy: string | null;
  updatedAt: Date | null;
}

/** What the service needs from persistence (AcknowledgementRepository). */
export interface AcknowledgementPort {
  unacknowledged(policeArea: string, limit: number): Promise<NotificationView[]>;
  notifications(orderIds: readonly string[]): Promise<Map<string, NotificationView[]>>;
  forceSetting(policeArea: string): Promise<ForceSettingView>;
  setForceSetting(
    policeArea: string,
    acknowledgeWithinSeconds: number,
    escalateEverySeconds: number,
    by: string,
  ): Promise<ForceSettingView>;
  setDueSoonLead(
    policeArea: string,
    ruleId: string,
    minutes: number | null,
    by: string,
  ): Promise<ForceSettingView>;
}

/** Re-schedules a force's open clocks after its lead times changed (the clock sweep, for one area). */
export type RescheduleClocks = (policeArea: string) => Promise<unknown>;

export interface UnacknowledgedOrderView {
  order: OrderView;
  notification: NotificationView;
  waitingSeconds: number;
}

/**
 * Orders waiting for a force's acknowledgement, and the force's settings for that wait. The orders go
 * through the access step like every other read: a control room's list leaves out what its officers may
 * not see (a police-perpetrated abuse case's order, to the accused force).
 */
export class AcknowledgementService {
  constructor(
    private readonly repo: AcknowledgementPort,
    private readonly lookup: OfficerLookupService,
    private readonly access: AccessStep,
    private readonly rescheduleClocks: RescheduleClocks | null = null,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /**
   * Sets (minutes) or removes (null) the force's own lead time for one clock rule's DUE_SOON; the force's
   * open clocks are re-scheduled at once (timers with the old lead do nothing when they come).
   */
  async setDueSoonLead(
    actor: Actor,
    policeArea: string,
    ruleId: string,
    minutes: number | null,
  ): Promise<ForceSettingView> {
    const area = await requireForceAdmin(this.access, actor, policeArea, 'setForceClockLead');
    if (!/^[A-Z0-9_]{3,80}$/.test(ruleId))
      throw new LookupError('BAD_USER_INPUT', 'ruleId must be a clock rule id, e.g. SUMMARY_TIME_LIMIT');
    if (minutes !== null && (!Number.isInteger(minutes) || minutes < 0 || minutes > 366 * 24 * 60))
      throw new LookupError(
        'BAD_USER_INPUT',
        'minutes must be a whole number from 0 (no due-soon) to 527040',
      );
    const saved = await this.repo.setDueSoonLead(area, ruleId, minutes, actor.subject);
    await this.access.recordRead(actor, 'setForceClockLead', [
      `force-setting:${area}:lead:${ruleId}=${minutes ?? 'default'}`,
    ]);
    if (!this.rescheduleClocks)
      throw new LookupError('BAD_USER_INPUT', 'this process cannot schedule timers');
    await this.rescheduleClocks(area);
    return saved;
  }

  /** The caller's own area's orders not acknowledged yet, longest waiting first. */
  async unacknowledgedOrders(
    actor: Actor,
    policeArea: string,
    limit: number,
  ): Promise<UnacknowledgedOrderView[]> {
    await this.access.requireAreaListing(actor, 'ORDERS', policeArea, 'unacknowledgedOrders');
    const waiting = await this.repo.unacknowledged(actor.area!, limit);
    const released = await this.lookup.releaseOrders(
      actor,
      'unacknowledgedOrders',
      waiting.map((w) => w.orderId),
    );
    const byId = new Map(released.map((o) => [o.orderId, o]));
    const now = this.clock().getTime();
    return waiting.flatMap((notification) => {
      const order = byId.get(notification.orderId);
      if (!order) return [];
      const waitingSeconds = Math.max(0, Math.floor((now - notification.notifiedAt.getTime()) / 1000));
      return [{ order, notification, waitingSeconds }];
    });
  }

  /** Each order's announcement to its force (for a record the caller already holds, released). */
  notificationsOf(orderIds: readonly string[]): Promise<Map<string, NotificationView[]>> {
    return this.repo.notifications(orderIds);
  }

  async forceSetting(actor: Actor, policeArea: string): Promise<ForceSettingView> {
    const area = await requireForceAdmin(this.access, actor, policeArea, 'forceSetting');
    return this.repo.forceSetting(area);
  }

  async setForceSetting(
    actor: Actor,
    policeArea: string,
    acknowledgeWithinSeconds: number,
    escalateEverySeconds: number,
  ): Promise<ForceSettingView> {
    const area = await requireForceAdmin(this.access, actor, policeArea, 'setForceSetting');
    for (const [name, value] of [
      ['acknowledgeWithinSeconds', acknowledgeWithinSeconds],
      ['escalateEverySeconds', escalateEverySeconds],
    ] as const) {
      if (!Number.isInteger(value) || value < 1 || value > 86_400)
        throw new LookupError('BAD_USER_INPUT', `${name} must be a whole number of seconds from 1 to 86400`);
    }
    const saved = await this.repo.setForceSetting(
      area,
      acknowledgeWithinSeconds,
      escalateEverySeconds,
      actor.subject,
    );
    // A change of who is told how soon is a security-relevant act: in the audit chain like a revocation.
    await this.access.recordRead(actor, 'setForceSetting', [
      `force-setting:${area}:acknowledge=${acknowledgeWithinSeconds}:escalate=${escalateEverySeconds}`,
    ]);
    return saved;
  }
}
