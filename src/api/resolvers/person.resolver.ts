import { GraphQLError } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { LookupError } from '../../domain/officer-lookup.service';
import { type GatewayContext, requireActor } from '../context';
import { toOrderGql, toPersonGql } from '../order-mapper';
import {
  type MatchBasisGql,
  PersonGql,
  PersonMatchGql,
  ProtectiveOrderGql,
  SearchPeopleArgs,
} from '../types';

@Resolver(() => PersonGql)
export class PersonResolver {
  @Query(() => [PersonMatchGql], {
    description: 'Find a person by PNC id, or by family name and date of birth (given name optional).',
  })
  async searchPeople(@Args() args: SearchPeopleArgs, @Ctx() ctx: GatewayContext): Promise<PersonMatchGql[]> {
    try {
      const matches = await ctx.lookup.searchPeople(requireActor(ctx), args);
      return matches.map((m) => ({ person: toPersonGql(m.person), matchedOn: m.matchedOn as MatchBasisGql }));
    } catch (err) {
      if (err instanceof LookupError) throw new GraphQLError(err.message, { extensions: { code: err.code } });
      throw err;
    }
  }

  @FieldResolver(() => [ProtectiveOrderGql], {
    description: 'Orders against this person as respondent; live ones only unless includeEnded is true.',
  })
  async protectiveOrders(
    @Root() person: PersonGql,
    @Arg('includeEnded', { defaultValue: false }) includeEnded: boolean,
    @Ctx() ctx: GatewayContext,
  ): Promise<ProtectiveOrderGql[]> {
    const loader = includeEnded ? ctx.allOrdersByRespondent : ctx.ordersByRespondent;
    return (await loader.load(person.id)).map(toOrderGql);
  }
}
