import { GraphQLError } from 'graphql';
import { Arg, Authorized, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { type Gate } from '../auth-checker';
import { type GatewayContext } from '../context';
import { toLinkDecisionGql, toMatchGql, toPersonGql } from '../order-mapper';
import { LinkVerdictGql, PersonLinkCandidateGql, PersonLinkDecisionGql } from '../types';

/** Reviewers' decisions on scored person links (docs/person-linkage.md, "Review"); delegates to the service. */
@Resolver()
export class PersonLinkResolver {
  @Query(() => [PersonLinkCandidateGql], {
    description:
      'The area’s candidate person links nobody has decided yet, oldest waiting first: for a supervisor or ' +
      'control room of that police area to confirm or reject (decidePersonLink).',
  })
  @Authorized<Gate>('REVIEW_PERSON_LINKS')
  async personLinkReviewQueue(
    @Arg('policeArea') policeArea: string,
    @Arg('first', () => Int, { defaultValue: 50, description: '1 to 100.' }) first: number,
    @Ctx() ctx: GatewayContext,
  ): Promise<PersonLinkCandidateGql[]> {
    if (first < 1 || first > 100)
      throw new GraphQLError('first must be from 1 to 100', { extensions: { code: 'BAD_USER_INPUT' } });
    const items = await ctx.cases.linkReviewQueue(ctx.caller(), policeArea, first);
    return items.map(({ person, candidate, waitingSince }) => ({
      person: toPersonGql(person),
      candidate: toMatchGql(toPersonGql(candidate.person), {
        ...candidate,
        matchedOn: candidate.basis,
        linkDecisions: candidate.linkDecision ? [candidate.linkDecision] : [],
      }),
      waitingSince,
    }));
  }

  @Mutation(() => PersonLinkDecisionGql, {
    description:
      'Decide whether two person records are one person (SAME_PERSON: merged in the officer search), two ' +
      'people (DIFFERENT_PEOPLE: never offered as a match again; this also splits a confirmed link) or ' +
      'UNDECIDED (the score decides again). A police supervisor or control room (DA unit) who may see ' +
      'both records; a reason is required. Appended to the decision log and audited; the latest stands.',
  })
  @Authorized<Gate>('REVIEW_PERSON_LINKS')
  async decidePersonLink(
    @Arg('personId', () => ID) personId: string,
    @Arg('otherPersonId', () => ID) otherPersonId: string,
    @Arg('decision', () => LinkVerdictGql) decision: LinkVerdictGql,
    @Arg('reason', { description: 'Why: what the reviewer checked (at most 2,000 characters).' })
    reason: string,
    @Ctx() ctx: GatewayContext,
  ): Promise<PersonLinkDecisionGql> {
    return toLinkDecisionGql(
      await ctx.links.decide(ctx.caller(), { personId, otherPersonId, decision, reason }),
    );
  }
}
