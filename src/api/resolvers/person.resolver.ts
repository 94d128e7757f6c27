import { checkedInstant, knownAtOf, refuseAsKnownAt } from './as-known-at';
import { type GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Authorized, Ctx, FieldResolver, Info, Int, Query, Resolver, Root } from 'type-graphql';
import { fieldsSelectedBelow } from '../look-ahead';
import { type Gate } from '../auth-checker';
import {
  toAssertionGql,
  toBailGql,
  toBreachGql,
  toCaseGql,
  toIncidentGql,
  toNoticeGql,
  toRiskAssessmentGql,
} from '../case-mapper';
import { type GatewayContext } from '../context';
import { toMatchGql, toOrderGql, toPersonGql } from '../order-mapper';
import {
  AssertionConflictGql,
  BailGql,
  CaseGql,
  ConsultationConnectionGql,
  ConsultationGql,
  IncidentGql,
  BreachGql,
  NoticeGql,
  PersonAssertionGql,
  PersonGql,
  PersonMatchGql,
  ProtectiveOrderGql,
  RiskAssessmentGql,
  SearchPeopleArgs,
  TimelineArgs,
  TimelineConnectionGql,
  pageRequest,
  toConnection,
} from '../types';
import { conflictsAmong } from '../../domain/person-conflicts';
import { timelinePage } from './timeline-page';

/** One person's assertions as the access step released them: one batched load per request. */
function releasedAssertions(ctx: GatewayContext, personId: string) {
  return ctx
    .batch('assertions', (actor, ids: readonly string[]) => ctx.cases.assertionsFor(actor, ids), [])
    .load(personId);
}

/**
 * Person search and everything hanging off a person. Each field resolver goes through a per-request
 * batch loader, so a list of people costs one statement per field, not one per person.
 */
@Resolver(() => PersonGql)
export class PersonResolver {
  @Query(() => [PersonMatchGql], {
    description:
      'Find a person by PNC id, or by family name and date of birth (given name optional). Records with ' +
      'the name but no date of birth come back as low-confidence candidates, never as matches.',
  })
  @Authorized<Gate>('IDENTITY')
  async searchPeople(
    @Args() args: SearchPeopleArgs,
    @Ctx() ctx: GatewayContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<PersonMatchGql[]> {
    const at = checkedInstant(ctx, args.asKnownAt);
    const asked = fieldsSelectedBelow(info, ['person']);
    // As known at a past instant, nothing is read ahead: the orders and bail are re-folded instead.
    const matches = await ctx.lookup.searchPeople(ctx.caller(), args, {
      orders: !at && asked.has('protectiveOrders'),
      bail: !at && asked.has('bail'),
    });
    if (at) {
      const known = await ctx.history.people(
        ctx.caller(),
        matches.map((m) => m.person.personId),
        at,
      );
      return matches.flatMap((m) => {
        const person = known.get(m.person.personId);
        if (!person) return [];
        return [toMatchGql({ ...toPersonGql(person), asKnownAt: at }, m)];
      });
    }
    for (const { person } of matches) {
      if (person.readAhead?.orders) ctx.readAhead.orders.set(person.personId, person.readAhead.orders);
      if (person.readAhead?.bail) ctx.readAhead.bail.set(person.personId, person.readAhead.bail);
    }
    return matches.map((m) => toMatchGql(toPersonGql(m.person), m));
  }

  @FieldResolver(() => [ProtectiveOrderGql], {
    description: 'Orders against this person as respondent; live ones only unless includeEnded is true.',
  })
  async protectiveOrders(
    @Root() person: PersonGql,
    @Arg('includeEnded', { defaultValue: false }) includeEnded: boolean,
    @Ctx() ctx: GatewayContext,
  ): Promise<ProtectiveOrderGql[]> {
    const at = knownAtOf(person);
    if (at) {
      const orders = await ctx
        .batch(
          `ordersKnownAt:${at.toISOString()}:${includeEnded}`,
          (actor, ids: readonly string[]) => ctx.history.ordersAgainst(actor, ids, includeEnded, at),
          [],
        )
        .load(person.id);
      return orders.map((o) => ({ ...toOrderGql(o), asKnownAt: at }));
    }
    const loader = includeEnded ? ctx.allOrdersByRespondent : ctx.ordersByRespondent;
    return uniqueBy(await loadAll(loader, person), (o) => o.orderId).map(toOrderGql);
  }

  @FieldResolver(() => [BailGql], {
    description: 'Pre-charge and court bail on this person; active only unless includeEnded is true.',
  })
  async bail(
    @Root() person: PersonGql,
    @Arg('includeEnded', { defaultValue: false }) includeEnded: boolean,
    @Ctx() ctx: GatewayContext,
  ): Promise<BailGql[]> {
    const at = knownAtOf(person);
    if (at) {
      const bail = await ctx
        .batch(
          `bailKnownAt:${at.toISOString()}:${includeEnded}`,
          (actor, ids: readonly string[]) => ctx.history.bailFor(actor, ids, includeEnded, at),
          [],
        )
        .load(person.id);
      return bail.map(toBailGql);
    }
    const loader = ctx.batch(
      `bail:${includeEnded}`,
      (actor, ids: readonly string[]) => ctx.cases.bailFor(actor, ids, includeEnded, ctx.readAhead.bail),
      [],
    );
    return uniqueBy(await loadAll(loader, person), (b) => b.bailRef).map(toBailGql);
  }

  @FieldResolver(() => [NoticeGql], {
    description: 'DVPNs naming this person (as perpetrator or protected).',
  })
  async notices(@Root() person: PersonGql, @Ctx() ctx: GatewayContext): Promise<NoticeGql[]> {
    refuseAsKnownAt(person, 'notices');
    const loader = ctx.batch(
      'notices',
      (actor, ids: readonly string[]) => ctx.cases.noticesFor(actor, ids),
      [],
    );
    return (await loader.load(person.id)).map(toNoticeGql);
  }

  @FieldResolver(() => [CaseGql], { description: 'Cases this person is a party to.' })
  async cases(@Root() person: PersonGql, @Ctx() ctx: GatewayContext): Promise<CaseGql[]> {
    const at = knownAtOf(person);
    if (at) {
      const cases = await ctx
        .batch(
          `casesKnownAt:${at.toISOString()}`,
          (a, ids: readonly string[]) => ctx.history.casesFor(a, ids, at),
          [],
        )
        .load(person.id);
      return cases.map((c) => ({ ...toCaseGql(c), asKnownAt: at }));
    }
    const cases = await ctx
      .batch('casesByPerson', (a, ids: readonly string[]) => ctx.cases.casesFor(a, ids), [])
      .load(person.id);
    return cases.map(toCaseGql);
  }

  @FieldResolver(() => [IncidentGql], { description: 'Incidents naming this person as victim or suspect.' })
  async incidents(@Root() person: PersonGql, @Ctx() ctx: GatewayContext): Promise<IncidentGql[]> {
    refuseAsKnownAt(person, 'incidents');
    const incidents = await ctx
      .batch('incidentsByPerson', (a, ids: readonly string[]) => ctx.cases.incidentsFor(a, ids), [])
      .load(person.id);
    return incidents.map(toIncidentGql);
  }

  @FieldResolver(() => [BreachGql], {
    description: 'Breaches reported by or against this person, oldest first, each with its outcomes.',
  })
  async breaches(@Root() person: PersonGql, @Ctx() ctx: GatewayContext): Promise<BreachGql[]> {
    refuseAsKnownAt(person, 'breaches');
    const breaches = await ctx
      .batch('breachesByPerson', (a, ids: readonly string[]) => ctx.cases.breachesFor(a, ids), [])
      .load(person.id);
    return breaches.map(toBreachGql);
  }

  @FieldResolver(() => [RiskAssessmentGql], {
    description: 'Risk history of this person as victim, oldest first (every assessment is kept).',
  })
  async riskAssessments(@Root() person: PersonGql, @Ctx() ctx: GatewayContext): Promise<RiskAssessmentGql[]> {
    refuseAsKnownAt(person, 'riskAssessments');
    const risks = await ctx
      .batch('riskByPerson', (a, ids: readonly string[]) => ctx.cases.riskFor(a, ids), [])
      .load(person.id);
    return risks.map(toRiskAssessmentGql).sort((a, b) => a.assessedOn.localeCompare(b.assessedOn));
  }

  @FieldResolver(() => [PersonAssertionGql], {
    description: 'What each source said about this person; conflicting names or dates of birth stay visible.',
  })
  async assertions(@Root() person: PersonGql, @Ctx() ctx: GatewayContext): Promise<PersonAssertionGql[]> {
    refuseAsKnownAt(person, 'assertions');
    return (await releasedAssertions(ctx, person.id)).map(toAssertionGql);
  }

  @FieldResolver(() => [AssertionConflictGql], {
    description:
      'Fields on which the sources disagree (e.g. the police spell the surname McDonald, the family court MacDonald), each value with its sources.',
  })
  async conflicts(@Root() person: PersonGql, @Ctx() ctx: GatewayContext): Promise<AssertionConflictGql[]> {
    refuseAsKnownAt(person, 'conflicts');
    // The same released assertions as `assertions` (one load for both): nothing the caller could not read.
    return conflictsAmong(await releasedAssertions(ctx, person.id));
  }

  @FieldResolver(() => [PersonMatchGql], {
    description: 'Other records that may be this person, scored with the reason. Never merged automatically.',
  })
  async possibleMatches(@Root() person: PersonGql, @Ctx() ctx: GatewayContext): Promise<PersonMatchGql[]> {
    refuseAsKnownAt(person, 'possibleMatches');
    const loader = ctx.batch(
      'possibleMatches',
      (actor, ids: readonly string[]) => ctx.cases.possibleMatches(actor, ids),
      [],
    );
    return (await loader.load(person.id)).map((m) =>
      toMatchGql(toPersonGql(m.person), {
        ...m,
        matchedOn: m.basis,
        linkDecisions: m.linkDecision ? [m.linkDecision] : [],
      }),
    );
  }

  @FieldResolver(() => TimelineConnectionGql, {
    description: 'Every event naming this person, from any agency, in the order it happened (DAC:535).',
  })
  timeline(
    @Root() person: PersonGql,
    @Args() { first, after }: TimelineArgs,
    @Ctx() ctx: GatewayContext,
  ): Promise<TimelineConnectionGql> {
    return timelinePage(ctx, `person:${person.id}`, first, after, knownAtOf(person));
  }

  @FieldResolver(() => ConsultationConnectionGql, {
    description:
      'Who has looked at this person’s records (the person, their orders, bail, notices, cases and ' +
      'timeline), and who was refused, newest first (auditor role, audit purpose; this read is audited too).',
  })
  @Authorized<Gate>('AUDIT_TRAIL')
  async consultations(
    @Root() person: PersonGql,
    @Arg('first', () => Int, { defaultValue: 50, description: 'At most 500.' }) first: number,
    @Arg('after', () => String, { nullable: true, description: 'Cursor of the last read already seen.' })
    after: string | null,
    @Ctx() ctx: GatewayContext,
  ): Promise<ConsultationConnectionGql> {
    const page = pageRequest(first, after, 500);
    return toConnection(
      () => ctx.auditTrail.consultationsOf(ctx.caller(), person.id, page),
      (r): ConsultationGql => ({
        at: new Date(r.at),
        actor: r.actor,
        agency: r.agency,
        area: r.area,
        purpose: r.purpose,
        operation: r.operation.replace(/^refused:/, ''),
        outcome: r.operation.startsWith('refused:') ? 'REFUSED' : 'READ',
        records: r.recordIds.filter((id) => !id.startsWith('rule:')),
        refusedBy: r.recordIds.filter((id) => id.startsWith('rule:')).map((id) => id.slice(5)),
      }),
    );
  }
}

/** The person's records and those of every record a reviewer confirmed is the same person. */
async function loadAll<T>(
  loader: { loadMany(ids: readonly string[]): Promise<(T[] | Error)[]> },
  person: PersonGql,
) {
  const lists = await loader.loadMany([person.id, ...(person.mergedIds ?? [])]);
  return lists.flatMap((list) => {
    if (list instanceof Error) throw list;
    return list;
  });
}

function uniqueBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => !seen.has(key(item)) && seen.add(key(item)));
}
