import { deterministicUuid } from '../common/ids';
import {
  type ClockPolicy,
  type ClockTransition,
  leadsFor,
  type OpenClock,
  transitionsToSchedule,
} from '../domain/rules/clock-transitions';
import { type ScheduledJob } from '../persistence/job-queue';

/** What a clock job carries: which clock, which transition, at which instant (checked when it fires). */
export interface ClockJobData {
  clockId: string;
  transition: ClockTransition;
  at: string;
}

/** Deterministic ids: scheduling the same transition again (a re-fold, a sweep) keeps one job. */
export function clockJob(
  clockId: string,
  transition: ClockTransition,
  at: string,
): ScheduledJob<ClockJobData> {
  return {
    id: deterministicUuid('clock-transition', clockId, transition, at),
    data: { clockId, transition, at },
    startAfter: new Date(at),
  };
}

/**
 * The timers an open clock of `policeArea` needs at the policy's now, with the lead times that apply to
 * it (the force's own, the deployment's, the rule's) — for the projector and the sweep alike.
 */
export function clockJobsFor(
  clock: OpenClock & { policeArea: string | null },
  policy: ClockPolicy,
  forceLeads: ReadonlyMap<string, Record<string, number>>,
  now: Date = policy.now(),
): ScheduledJob<ClockJobData>[] {
  return transitionsToSchedule(
    clock,
    now,
    policy.catchUpMinutes,
    leadsFor(policy, forceLeads, clock.policeArea),
  ).map((planned) => clockJob(clock.clockId, planned.transition, planned.at));
}

/** An acknowledgement check: the order's wait, at its `step` (1 = the first check after notification). */
export interface AcknowledgementJobData {
  orderId: string;
  policeArea: string;
  step: number;
}

export function acknowledgementJob(
  orderId: string,
  policeArea: string,
  step: number,
  at: Date,
): ScheduledJob<AcknowledgementJobData> {
  return {
    id: deterministicUuid('order-acknowledgement', orderId, policeArea, String(step)),
    data: { orderId, policeArea, step },
    startAfter: at,
  };
}
