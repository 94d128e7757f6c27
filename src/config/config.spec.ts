import { ShieldlineError } from '../common/errors';
import { parseConfig } from './config';

const defaults = { instanceId: 'test-instance' };

describe('parseConfig', () => {
  it('should default to the embedded demo mode with every role when nothing is set', () => {
    const config = parseConfig({}, defaults);
    expect(config.databaseUrl).toBeNull();
    expect(config.kafkaBrokers).toBeNull();
    expect(config.loadDemoData).toBe(true);
    expect([...config.roles].sort()).toEqual([
      'clocks',
      'delivery',
      'gateway',
      'ingest',
      'notify',
      'projector',
    ]);
    expect(config.httpPort).toBe(4000);
  });

  it('should read clock lead times and the catch-up horizon, and refuse an unreadable lead', () => {
    const config = parseConfig(
      {
        CLOCK_DUE_SOON_LEAD: 'SUMMARY_TIME_LIMIT=7d,DVPN_48_HOURS_TO_DVPO_HEARING=6h',
        CLOCK_CATCH_UP_HOURS: '24',
      },
      defaults,
    );
    expect(config.clockDueSoonLeads).toEqual({
      SUMMARY_TIME_LIMIT: 7 * 24 * 60,
      DVPN_48_HOURS_TO_DVPO_HEARING: 6 * 60,
    });
    expect(config.clockCatchUpMinutes).toBe(24 * 60);
    expect(() => parseConfig({ CLOCK_DUE_SOON_LEAD: 'SUMMARY_TIME_LIMIT=soon' }, defaults)).toThrow(
      /CLOCK_DUE_SOON_LEAD entry "SUMMARY_TIME_LIMIT=soon"/,
    );
  });

  it('should use PostgreSQL and Kafka when both are configured, without demo data', () => {
    const config = parseConfig(
      { DATABASE_URL: 'postgres://db/hub', KAFKA_BROKERS: 'k1:9092, k2:9092', ROLES: 'projector' },
      defaults,
    );
    expect(config.kafkaBrokers).toEqual(['k1:9092', 'k2:9092']);
    expect(config.loadDemoData).toBe(false);
    expect([...config.roles]).toEqual(['projector']);
  });

  it('should leave victim notification off without a Notify key, and refuse a key that is not one, or one without templates', () => {
    expect(parseConfig({}, defaults).notify).toMatchObject({
      apiKey: null,
      templates: null,
      maxAttempts: 10,
    });
    const key = 'live-11111111-2222-3333-4444-555555555555-66666666-7777-8888-9999-000000000000';
    const templates = {
      NOTIFY_TEMPLATE_SMS: 'a',
      NOTIFY_TEMPLATE_EMAIL: 'b',
      NOTIFY_TEMPLATE_LETTER: 'c',
    };
    expect(parseConfig({ NOTIFY_API_KEY: key, ...templates }, defaults).notify).toMatchObject({
      apiKey: key,
      baseUrl: 'https://api.notifications.service.gov.uk',
      templates: { SMS: 'a', EMAIL: 'b', LETTER: 'c' },
    });
    expect(() => parseConfig({ NOTIFY_API_KEY: 'secret', ...templates }, defaults)).toThrow(
      /NOTIFY_API_KEY is not a GOV.UK Notify API key/,
    );
    expect(() => parseConfig({ NOTIFY_API_KEY: key }, defaults)).toThrow(
      /NOTIFY_API_KEY needs NOTIFY_TEMPLATE_SMS, NOTIFY_TEMPLATE_EMAIL and NOTIFY_TEMPLATE_LETTER/,
    );
  });

  it('should list every problem at once', () => {
    let caught: unknown;
    try {
      parseConfig(
        { PORT: 'abc', ROLES: 'gateway,cook', KAFKA_BROKERS: 'nohost', DATABASE_URL: 'mysql://x' },
        defaults,
      );
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ShieldlineError);
    const error = caught as ShieldlineError;
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toContain('PORT must be an integer');
    expect(error.message).toContain('unknown role "cook"');
    expect(error.message).toContain('KAFKA_BROKERS entry "nohost"');
    expect(error.message).toContain('DATABASE_URL must be');
  });

  it('should take one token source and refuse weak or conflicting ones', () => {
    const base = { DATABASE_URL: 'postgres://localhost/x' };
    expect(parseConfig({ ...base, JWT_SECRET: 's'.repeat(32) }, { instanceId: 'i' }).auth).toEqual({
      kind: 'shared-secret',
      secret: 's'.repeat(32),
      issuer: 'shieldline',
      audience: 'shieldline',
    });
    expect(() => parseConfig({ ...base, JWT_SECRET: 'short' }, { instanceId: 'i' })).toThrow(
      /JWT_SECRET must be at least 32 characters/,
    );
    expect(() =>
      parseConfig(
        { ...base, JWT_SECRET: 's'.repeat(32), JWT_JWKS_URL: 'https://idp/jwks' },
        { instanceId: 'i' },
      ),
    ).toThrow(/set only one of JWT_JWKS_URL, JWT_SECRET/);
    expect(parseConfig(base, { instanceId: 'i' }).auth).toBeNull();
  });
});
