import { Arg, Authorized, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import { type Gate } from '../auth-checker';
import { type GatewayContext } from '../context';
import { toLinkDecisionGql } from '../order-mapper';
import { LinkVerdictGql, PersonLinkDecisionGql } from '../types';

/** Reviewers' decisions on scored person links (docs/person-linkage.md, "Review"); delegates to the service. */
@Resolver()
export class PersonLinkResolver {
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
