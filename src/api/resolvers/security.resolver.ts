import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import { type Gate } from '../auth-checker';
import { type GatewayContext } from '../context';

@Resolver()
export class SecurityResolver {
  @Mutation(() => Boolean, {
    description:
      'Revoke a token by its jti (security-admin role). Every replica refuses it within seconds and closes ' +
      'subscriptions opened with it. Revoke the token to withdraw a role: tokens cannot be edited.',
  })
  @Authorized<Gate>('REVOKE_TOKENS')
  async revokeToken(
    @Arg('tokenId') tokenId: string,
    @Arg('reason', () => String, { nullable: true }) reason: string | null,
    @Ctx() ctx: GatewayContext,
  ): Promise<boolean> {
    const actor = ctx.caller();
    await ctx.revocations.revoke(tokenId, actor.subject, reason);
    await ctx.access.recordRead(actor, 'revokeToken', [`token:${tokenId}`]);
    return true;
  }
}
