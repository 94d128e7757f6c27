import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { type GatewayContext, requireRole } from '../context';

export const SECURITY_ADMIN_ROLE = 'security-admin';

@Resolver()
export class SecurityResolver {
  @Mutation(() => Boolean, {
    description:
      'Revoke a token by its jti (security-admin role). Every replica refuses it within seconds and closes ' +
      'subscriptions opened with it. Revoke the token to withdraw a role: tokens cannot be edited.',
  })
  async revokeToken(
    @Arg('tokenId') tokenId: string,
    @Arg('reason', () => String, { nullable: true }) reason: string | null,
    @Ctx() ctx: GatewayContext,
  ): Promise<boolean> {
    const actor = requireRole(ctx, SECURITY_ADMIN_ROLE);
    await ctx.revocations.revoke(tokenId, actor.subject, reason);
    await ctx.lookup.recordRead(actor, 'revokeToken', [`token:${tokenId}`]);
    return true;
  }
}
