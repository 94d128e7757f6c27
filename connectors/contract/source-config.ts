import { ConnectorError } from './connector';

export interface RetryPolicy {
  /** Attempts per batch, the first included. */
  maxAttempts: number;
  initialDelayMs: number;
  maxDelayMs: number;
}

/** How the runtime reads one source for one connector (CLI flags, file-drop settings). */
export interface SourceConfig {
  connector: string;
  /** Records per publish; each batch is one checkpoint. */
  batchSize: number;
  retry: RetryPolicy;
}

export const DEFAULT_SOURCE_CONFIG: Omit<SourceConfig, 'connector'> = {
  batchSize: 500,
  retry: { maxAttempts: 8, initialDelayMs: 200, maxDelayMs: 10_000 },
};

/**
 * Parses raw settings (strings from flags or the environment, or numbers from JSON) into a SourceConfig.
 * Lists every problem at once in a CONNECTOR_CONFIG_INVALID error rather than stopping at the first.
 */
export function parseSourceConfig(
  raw: Record<string, unknown>,
  knownConnectors: readonly string[],
): SourceConfig {
  const problems: string[] = [];
  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const value = raw[name];
    if (value === undefined || value === null || value === '') return fallback;
    const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max}, got ${JSON.stringify(value)}`);
      return fallback;
    }
    return n;
  };
  const connector = typeof raw.connector === 'string' ? raw.connector : '';
  if (!connector) problems.push('connector is required');
  else if (!knownConnectors.includes(connector))
    problems.push(`connector "${connector}" is not one of ${knownConnectors.join(', ')}`);
  const d = DEFAULT_SOURCE_CONFIG;
  const config: SourceConfig = {
    connector,
    batchSize: integer('batchSize', d.batchSize, 1, 10_000),
    retry: {
      maxAttempts: integer('maxAttempts', d.retry.maxAttempts, 1, 100),
      initialDelayMs: integer('initialDelayMs', d.retry.initialDelayMs, 0, 60_000),
      maxDelayMs: integer('maxDelayMs', d.retry.maxDelayMs, 0, 600_000),
    },
  };
  if (config.retry.maxDelayMs < config.retry.initialDelayMs)
    problems.push('maxDelayMs must not be below initialDelayMs');
  if (problems.length > 0) {
    throw new ConnectorError(
      'CONNECTOR_CONFIG_INVALID',
      `invalid connector settings: ${problems.join('; ')}`,
    );
  }
  return config;
}
