import { Authorized, Ctx, Field, Int, ObjectType, Query, Resolver } from 'type-graphql';
import { GraphQLDateTime } from 'graphql-scalars';
import { type Gate } from '../auth-checker';
import { type GatewayContext } from '../context';

@ObjectType('AuditChainVerification', {
  description:
    'The hash-chained audit log walked from its start, as `shieldline audit verify` walks it: intact, or the ' +
    'first record whose hashes do not follow from its content and its predecessor (edited, inserted or deleted).',
})
export class AuditChainVerificationGql {
  @Field() intact!: boolean;
  @Field(() => Int, { description: 'Records checked, up to the first broken one.' }) checked!: number;
  @Field(() => String, { nullable: true, description: 'The first broken record; null when intact.' })
  firstBrokenAuditId!: string | null;
  @Field(() => String, { nullable: true, description: 'Why that record breaks the chain.' })
  firstBrokenReason!: string | null;
  @Field(() => GraphQLDateTime) verifiedAt!: Date;
}

@Resolver()
export class AuditResolver {
  @Query(() => AuditChainVerificationGql, {
    description:
      'Walks the whole audit chain now (auditor role, audit purpose; audited). It reads every record, so ' +
      'it takes as long as the chain is long.',
  })
  @Authorized<Gate>('AUDIT_TRAIL')
  async auditChainVerification(@Ctx() ctx: GatewayContext): Promise<AuditChainVerificationGql> {
    const result = await ctx.auditTrail.verifyChain(ctx.caller());
    return {
      intact: result.intact,
      checked: result.checked,
      firstBrokenAuditId: result.firstBroken?.auditId ?? null,
      firstBrokenReason: result.firstBroken?.reason ?? null,
      verifiedAt: new Date(),
    };
  }
}
