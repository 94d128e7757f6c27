import { SignJWT } from 'jose';
import { createTokenVerifier, mintToken, type ShieldlineClaims } from './identity';

const AUTH = {
  kind: 'shared-secret' as const,
  secret: 'x'.repeat(40),
  issuer: 'shieldline',
  audience: 'shieldline',
};
const OFFICER: ShieldlineClaims = {
  sub: 'pc-1',
  agency: 'police',
  area: 'WYP',
  roles: ['officer'],
  purpose: 'enforcement',
};

describe('token verification', () => {
  it('should turn a valid token into an actor with agency, area, roles and purpose', async () => {
    const verifier = await createTokenVerifier(AUTH);
    const token = await mintToken(AUTH, { ...OFFICER, jti: 't-1' });
    const result = await verifier.verify(`Bearer ${token}`);
    expect('actor' in result && result.actor.expiresAt).toBeGreaterThan(Date.now());
    expect(result).toEqual({
      actor: {
        expiresAt: expect.any(Number) as unknown,
        subject: 'pc-1',
        agency: 'police',
        area: 'WYP',
        roles: ['officer'],
        purpose: 'enforcement',
        purposes: ['enforcement'],
        tokenId: 't-1',
      },
    });
  });

  it('should refuse a token without exp, and one living longer than the configured maximum', async () => {
    const verifier = await createTokenVerifier(AUTH, () => false, 3600);
    const key = new TextEncoder().encode(AUTH.secret);
    const claims = { agency: 'police', area: 'WYP', roles: ['officer'], purpose: 'enforcement' };
    const sign = (jwt: SignJWT) =>
      jwt
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('pc-1')
        .setIssuer('shieldline')
        .setAudience('shieldline')
        .sign(key);
    const forever = await sign(new SignJWT(claims).setIssuedAt());
    expect(await verifier.verify(`Bearer ${forever}`)).toEqual({
      error: 'token refused: it has no exp (expiry)',
    });
    const tooLong = await sign(new SignJWT(claims).setIssuedAt().setExpirationTime('2h'));
    expect(await verifier.verify(`Bearer ${tooLong}`)).toEqual({
      error: 'token refused: it lives longer than the 3600 s allowed',
    });
    const shift = await sign(new SignJWT(claims).setIssuedAt().setExpirationTime('59m'));
    expect('actor' in (await verifier.verify(`Bearer ${shift}`))).toBe(true);
  });

  it('should upper-case the area, ignore role names it does not know, and narrow the purpose per request', async () => {
    const verifier = await createTokenVerifier(AUTH);
    const token = await mintToken(AUTH, {
      ...OFFICER,
      area: ' wyp ',
      roles: ['officer', 'root', 'ADMIN'],
      purposes: ['safeguarding'],
    });
    const plain = await verifier.verify(`Bearer ${token}`);
    expect('actor' in plain && plain.actor).toMatchObject({
      area: 'WYP',
      roles: ['officer'],
      purpose: 'enforcement',
      purposes: ['enforcement', 'safeguarding'],
    });
    const narrowed = await verifier.verify(`Bearer ${token}`, 'safeguarding');
    expect('actor' in narrowed && narrowed.actor.purpose).toBe('safeguarding');
    expect(await verifier.verify(`Bearer ${token}`, 'prosecution')).toEqual({
      error: 'token refused: it does not allow the purpose "prosecution"',
    });
  });

  it('should never give a token the hub’s own victim-notifier role', async () => {
    const verifier = await createTokenVerifier(AUTH);
    const token = await mintToken(AUTH, {
      sub: 'rogue',
      agency: 'other',
      area: null,
      roles: ['victim-notifier'],
      purpose: 'safeguarding',
    });
    const result = await verifier.verify(`Bearer ${token}`);
    expect('actor' in result && result.actor.roles).toEqual([]);
  });

  it('should refuse expired, foreign-signed, wrong-audience and malformed tokens, saying why', async () => {
    const verifier = await createTokenVerifier(AUTH);
    const expired = await mintToken(AUTH, OFFICER, '-1m');
    const foreign = await mintToken({ ...AUTH, secret: 'y'.repeat(40) }, OFFICER);
    const otherAudience = await mintToken({ ...AUTH, audience: 'someone-else' }, OFFICER);
    expect(await verifier.verify(`Bearer ${expired}`)).toEqual({
      error: expect.stringMatching(/exp/) as string,
    });
    expect(await verifier.verify(`Bearer ${foreign}`)).toEqual({
      error: expect.stringMatching(/signature/) as string,
    });
    expect(await verifier.verify(`Bearer ${otherAudience}`)).toEqual({
      error: expect.stringMatching(/aud/) as string,
    });
    expect(await verifier.verify('Basic abc')).toEqual({ error: 'Authorization must be "Bearer <token>"' });
    expect(await verifier.verify(undefined)).toEqual({ none: true });
  });

  it('should refuse a signed token without the Shieldline claims (agency, purpose, roles)', async () => {
    const verifier = await createTokenVerifier(AUTH);
    const bare = await new SignJWT({ agency: 'spies', purpose: 'curiosity' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('x')
      .setIssuer('shieldline')
      .setAudience('shieldline')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(AUTH.secret));
    expect(await verifier.verify(`Bearer ${bare}`)).toEqual({
      error: 'token lacks valid claims: agency, purpose, roles',
    });
  });

  describe('a token that verified is remembered, but not past revocation or expiry', () => {
    afterEach(() => jest.useRealTimers());

    it('should refuse a remembered token as soon as it is revoked', async () => {
      const revoked = new Set<string>();
      const verifier = await createTokenVerifier(AUTH, (id) => id !== null && revoked.has(id));
      const token = await mintToken(AUTH, { ...OFFICER, jti: 't-remembered' });
      expect(await verifier.verify(`Bearer ${token}`)).toHaveProperty('actor.subject', 'pc-1');
      revoked.add('t-remembered');
      expect(await verifier.verify(`Bearer ${token}`)).toEqual({ error: 'token refused: revoked' });
    });

    it('should refuse a remembered token once it has expired', async () => {
      const verifier = await createTokenVerifier(AUTH);
      const token = await mintToken(AUTH, OFFICER, '30s');
      expect(await verifier.verify(`Bearer ${token}`)).toHaveProperty('actor.subject', 'pc-1');
      jest.useFakeTimers({ now: Date.now() + 60_000, doNotFake: ['nextTick', 'setImmediate'] });
      expect(await verifier.verify(`Bearer ${token}`)).toEqual({
        error: expect.stringMatching(/^token refused: .*exp/) as unknown,
      });
    });
  });
});
