import { GraphQLError } from 'graphql';
import { Arg, Authorized, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { type StoredDeadLetter } from '../../persistence/repositories/dead-letter.repository';
import { type Gate } from '../auth-checker';
import { type GatewayContext } from '../context';
import {
  DeadLetterConnectionGql,
  DeadLetterGql,
  pageRequest,
  RedriveResultGql,
  toConnection,
} from '../types';

/**
 * Dead letters for operators: the same listing and re-drive as `shieldline dead-letters` on the command
 * line. Dead letters hold raw source records (personal data), so reads are audited like any other.
 */
@Resolver(() => DeadLetterGql)
export class DeadLetterResolver {
  @Query(() => DeadLetterConnectionGql, {
    description: 'Rejected records, newest first (operator role, operations purpose).',
  })
  @Authorized<Gate>('DEAD_LETTERS')
  async deadLetters(
    @Ctx() ctx: GatewayContext,
    @Arg('connector', () => String, { nullable: true }) connector: string | null,
    @Arg('reasonCode', () => String, { nullable: true }) reasonCode: string | null,
    @Arg('includeRedriven', { defaultValue: false }) includeRedriven: boolean,
    @Arg('first', () => Int, { defaultValue: 50, description: 'At most 500.' }) first: number,
    @Arg('after', () => String, {
      nullable: true,
      description: 'Cursor of the last dead letter already seen.',
    })
    after: string | null,
  ): Promise<DeadLetterConnectionGql> {
    const request = pageRequest(first, after, 500);
    const service = this.service(ctx);
    return toConnection(
      () =>
        service.page(
          ctx.caller(),
          { connector: connector ?? undefined, reasonCode: reasonCode ?? undefined, includeRedriven },
          request,
        ),
      toDeadLetterGql,
    );
  }

  @Mutation(() => RedriveResultGql, {
    description: 'Send a dead letter through its connector again (operators only; once per dead letter).',
  })
  @Authorized<Gate>('DEAD_LETTERS')
  async redriveDeadLetter(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: GatewayContext,
  ): Promise<RedriveResultGql> {
    const result = await this.service(ctx).redrive(ctx.caller(), id);
    return result.outcome === 'ACCEPTED'
      ? { outcome: result.outcome, eventIds: result.eventIds, newDeadLetterId: null }
      : { outcome: result.outcome, eventIds: [], newDeadLetterId: result.newDeadLetterId };
  }

  private service(ctx: GatewayContext) {
    if (!ctx.deadLetters)
      throw new GraphQLError('this gateway replica does not run the ingest role', {
        extensions: { code: 'NOT_AVAILABLE' },
      });
    return ctx.deadLetters;
  }
}

function toDeadLetterGql(d: StoredDeadLetter): DeadLetterGql {
  return {
    id: d.deadLetterId,
    connector: d.connector,
    reasonCode: d.reasonCode,
    message: d.message,
    problems: d.problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message)),
    contentType: d.contentType,
    originalBase64: d.originalBytes.toString('base64'),
    truncated: d.truncated,
    receivedAt: d.receivedAt,
    redrivenAt: d.redrivenAt,
    redrivenBy: d.redrivenBy,
    redriveOutcome: d.redriveOutcome,
  };
}
