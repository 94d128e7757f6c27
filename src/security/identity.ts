import { createRemoteJWKSet, importSPKI, jwtVerify, type JWTPayload, SignJWT } from 'jose';
import { type AuthConfig } from '../config/config';
import { type Actor, normaliseArea } from './actor';
import {
  AGENCIES,
  type Agency,
  HUB_ONLY_ROLES,
  PURPOSES,
  type Purpose,
  type Role,
  ROLES,
} from './entitlements';

export { AGENCIES, PURPOSES };

/** The claims Shieldline reads from a bearer token (besides iss, aud, exp). */
export interface ShieldlineClaims {
  sub: string;
  agency: Agency;
  /** Police force / area code the holder works for, e.g. WYP; null for national roles. */
  area: string | null;
  roles: string[];
  /** The token's purpose of use; with `purposes`, the default when a request declares none. */
  purpose: Purpose;
  /** Further purposes the holder may declare per request (X-Shieldline-Purpose). */
  purposes?: Purpose[];
}

export interface TokenVerifier {
  /**
   * The actor, or an error message saying why the token is refused. `declaredPurpose` (a request's
   * X-Shieldline-Purpose header or graphql-ws `purpose` parameter) narrows the purpose to one the token
   * allows; it is then what is enforced and audited.
   */
  verify(
    bearer: string | undefined,
    declaredPurpose?: string | null,
  ): Promise<{ actor: Actor } | { error: string } | { none: true }>;
}

/** Default for MAX_TOKEN_LIFETIME_SECONDS: an officer's shift. */
export const DEFAULT_MAX_TOKEN_LIFETIME_SECONDS = 12 * 3600;

/** How long a verified token is remembered, and how many are: see createTokenVerifier. */
const VERIFIED_TOKEN_TTL_MS = 60_000;
const VERIFIED_TOKEN_CACHE_SIZE = 10_000;

/**
 * Verifies signed tokens (JWT, via `jose`): signature against the configured key (JWKS, PEM public key or
 * a shared secret), issuer, audience, expiry, then the Shieldline claims. Every request and subscription
 * carries one; there is no other way in.
 *
 * An officer app sends the same token with every request, so a token that verified is remembered (by its
 * exact text, whose signature was checked) for at most a minute and never past its expiry; revocation is
 * still checked on every request. The minute bounds how long a key withdrawn from the JWKS keeps working.
 */
export async function createTokenVerifier(
  auth: AuthConfig,
  isRevoked: (tokenId: string | null) => boolean = () => false,
  maxLifetimeSeconds = DEFAULT_MAX_TOKEN_LIFETIME_SECONDS,
): Promise<TokenVerifier> {
  const options = { issuer: auth.issuer, audience: auth.audience, clockTolerance: 5 };
  let check: (token: string) => Promise<JWTPayload>;
  if (auth.kind === 'jwks') {
    const keys = createRemoteJWKSet(new URL(auth.jwksUrl));
    check = async (token) => (await jwtVerify(token, keys, options)).payload;
  } else if (auth.kind === 'public-key') {
    const key = await importSPKI(auth.publicKeyPem, auth.algorithm);
    check = async (token) =>
      (await jwtVerify(token, key, { ...options, algorithms: [auth.algorithm] })).payload;
  } else {
    const key = new TextEncoder().encode(auth.secret);
    check = async (token) => (await jwtVerify(token, key, { ...options, algorithms: ['HS256'] })).payload;
  }
  const verified = new Map<string, { actor: Actor; until: number }>();
  return {
    async verify(bearer, declaredPurpose) {
      const result = await verifyToken(bearer);
      return 'actor' in result ? narrowPurpose(result.actor, declaredPurpose) : result;
    },
  };

  async function verifyToken(
    bearer: string | undefined,
  ): Promise<{ actor: Actor } | { error: string } | { none: true }> {
    if (!bearer) return { none: true };
    const match = /^Bearer\s+(\S+)$/i.exec(bearer.trim());
    if (!match) return { error: 'Authorization must be "Bearer <token>"' };
    const token = match[1]!;
    const now = Date.now();
    const remembered = verified.get(token);
    if (remembered && remembered.until > now) {
      if (isRevoked(remembered.actor.tokenId)) return { error: 'token refused: revoked' };
      return { actor: remembered.actor };
    }
    let payload: JWTPayload;
    try {
      payload = await check(token);
    } catch (err) {
      verified.delete(token);
      return { error: `token refused: ${(err as Error).message}` };
    }
    const result = claimsToActor(payload, maxLifetimeSeconds, now);
    if (!('actor' in result)) return result;
    if (isRevoked(result.actor.tokenId)) return { error: 'token refused: revoked' };
    if (verified.size >= VERIFIED_TOKEN_CACHE_SIZE) verified.delete(verified.keys().next().value!);
    verified.set(token, {
      actor: result.actor,
      until: Math.min(now + VERIFIED_TOKEN_TTL_MS, result.actor.expiresAt),
    });
    return result;
  }
}

/** The purpose a request declared, if the token allows it; otherwise the token's own purpose. */
function narrowPurpose(
  actor: Actor,
  declared: string | null | undefined,
): { actor: Actor } | { error: string } {
  const wanted = declared?.trim();
  if (!wanted || wanted === actor.purpose) return { actor };
  if (!(actor.purposes as readonly string[]).includes(wanted))
    return { error: `token refused: it does not allow the purpose "${wanted}"` };
  return { actor: { ...actor, purpose: wanted as Purpose } };
}

function claimsToActor(
  payload: JWTPayload,
  maxLifetimeSeconds: number,
  now: number,
): { actor: Actor } | { error: string } {
  const problems: string[] = [];
  const { sub, agency, area, roles, purpose, purposes, jti, exp, iat } = payload as JWTPayload &
    Record<string, unknown>;
  // A token without an expiry would be valid forever; one living longer than the configured maximum is
  // refused too (measured from iat, or from now when the token has none).
  if (typeof exp !== 'number') return { error: 'token refused: it has no exp (expiry)' };
  const issuedAt = typeof iat === 'number' ? iat : Math.floor(now / 1000);
  if (exp - issuedAt > maxLifetimeSeconds)
    return { error: `token refused: it lives longer than the ${maxLifetimeSeconds} s allowed` };
  if (
    purposes !== undefined &&
    (!Array.isArray(purposes) ||
      purposes.some((p) => typeof p !== 'string' || !(PURPOSES as readonly string[]).includes(p)))
  )
    problems.push('purposes');
  if (typeof sub !== 'string' || sub === '') problems.push('sub');
  if (typeof agency !== 'string' || !(AGENCIES as readonly string[]).includes(agency))
    problems.push('agency');
  if (typeof purpose !== 'string' || !(PURPOSES as readonly string[]).includes(purpose))
    problems.push('purpose');
  if (area !== undefined && area !== null && typeof area !== 'string') problems.push('area');
  if (!Array.isArray(roles) || roles.some((r) => typeof r !== 'string')) problems.push('roles');
  if (problems.length > 0) return { error: `token lacks valid claims: ${problems.join(', ')}` };
  const allowed = new Set<Purpose>([purpose as Purpose, ...((purposes as Purpose[] | undefined) ?? [])]);
  return {
    actor: {
      subject: sub as string,
      agency: agency as Agency,
      purpose: purpose as Purpose,
      purposes: [...allowed],
      area: normaliseArea(area as string | null | undefined),
      // Unknown roles are ignored, and so are the hub's own (no token can act as the victim notifier).
      roles: (roles as string[]).filter(
        (r): r is Role => (ROLES as readonly string[]).includes(r) && !HUB_ONLY_ROLES.includes(r as Role),
      ),
      tokenId: typeof jti === 'string' ? jti : null,
      expiresAt: exp * 1000,
    },
  };
}

/**
 * Signs a token with a shared secret: for the embedded demo's development tokens and for tests. Real
 * deployments get tokens from their identity provider.
 */
export async function mintToken(
  auth: Pick<AuthConfig, 'issuer' | 'audience'> & { secret: string },
  claims: ShieldlineClaims & { jti?: string },
  expiresIn = '12h',
): Promise<string> {
  const { sub, jti, ...rest } = claims;
  if (rest.purposes === undefined) delete rest.purposes;
  let jwt = new SignJWT({ ...rest })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(sub)
    .setIssuer(auth.issuer)
    .setAudience(auth.audience)
    .setIssuedAt()
    .setExpirationTime(expiresIn);
  if (jti) jwt = jwt.setJti(jti);
  return jwt.sign(new TextEncoder().encode(auth.secret));
}
