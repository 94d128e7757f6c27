import { type Actor } from '../security/actor';
import { AccessStep, type AuditPort } from '../security/access-step';
import { policeAreaOf } from '../security/access-policy';
import { newId } from '../common/ids';
import { type LinkDecisionRecord, type LinkVerdict } from './person-link-records';
import { LookupError, type OfficerReadPort } from './officer-lookup.service';

export interface PersonLinkPort {
  recordDecision(decision: Omit<LinkDecisionRecord, 'decidedAt'>): Promise<LinkDecisionRecord>;
}

export interface LinkDecisionInput {
  personId: string;
  otherPersonId: string;
  decision: LinkVerdict;
  reason: string;
}

const MAX_REASON = 2000;

/**
 * A reviewer's decision that two person records are one person, two people, or undecided again
 * (docs/person-linkage.md, "Review"). It overrides the score from then on, in every read: a confirmed
 * pair is merged in the officer search, a rejected one never offered. Each decision is appended with
 * who made it, where and why; a later one reverses it (a confirmed link is split by deciding
 * DIFFERENT_PEOPLE). Only a reviewer (REVIEW_PERSON_LINKS) who may see both records may decide.
 */
export class PersonLinkService {
  private readonly access: AccessStep;

  constructor(
    private readonly repo: PersonLinkPort,
    private readonly people: Pick<OfficerReadPort, 'findPeopleByIds'>,
    audit: AuditPort,
  ) {
    this.access = new AccessStep(audit);
  }

  async decide(actor: Actor, input: LinkDecisionInput): Promise<LinkDecisionRecord> {
    const asked = [`person:${input.personId}`, `person:${input.otherPersonId}`];
    await this.access.require(actor, 'REVIEW_PERSON_LINKS', 'decidePersonLink', asked);
    const area = policeAreaOf(actor);
    if (!area) return this.access.refuse(actor, 'decidePersonLink', asked, 'NO_AREA');
    const reason = input.reason.trim();
    if (input.personId === input.otherPersonId)
      throw new LookupError('BAD_USER_INPUT', 'a person record cannot be linked to itself');
    if (reason.length === 0)
      throw new LookupError('BAD_USER_INPUT', 'say why: a decision without a reason cannot be reviewed');
    if (reason.length > MAX_REASON)
      throw new LookupError('BAD_USER_INPUT', `the reason is over ${MAX_REASON} characters`);
    // Both records as the reviewer may see them: one it may not see is answered as unknown, so a
    // decision never tells it that a restricted record exists.
    const found = await this.people.findPeopleByIds([input.personId, input.otherPersonId]);
    const released = await this.access.release(actor, 'decidePersonLink', found);
    if (released.length !== 2)
      throw new LookupError('BAD_USER_INPUT', 'no person with one of these ids is known to you');
    const [personA, personB] = [input.personId, input.otherPersonId].sort() as [string, string];
    const decision = await this.repo.recordDecision({
      decisionId: newId(),
      personA,
      personB,
      decision: input.decision,
      reason,
      decidedBy: actor.subject,
      policeArea: area,
    });
    await this.access.recordRead(actor, 'decidePersonLink', [`person-link:${decision.decisionId}`, ...asked]);
    return decision;
  }
}
