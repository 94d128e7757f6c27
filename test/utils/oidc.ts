import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fromSource } from './from-source';
import { expectEventually } from './test-hub';

/** A free TCP port on 127.0.0.1 (the provider's, chosen before the hub that trusts it starts). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface TestProvider {
  issuer: string;
  jwksUrl: string;
  stop(): Promise<void>;
}

/** Starts test/utils/oidc-test-provider.ts on `port`, for a console at `consoleUrl`. */
export async function startTestProvider(options: {
  port: number;
  clientId: string;
  consoleUrl: string;
  resource: string;
  audience: string;
  accounts: Record<string, Record<string, unknown>>;
}): Promise<TestProvider> {
  let output = '';
  const child: ChildProcess = spawn(process.execPath, fromSource('test/utils/oidc-test-provider.ts'), {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'test',
      OIDC_PORT: String(options.port),
      OIDC_CLIENT_ID: options.clientId,
      OIDC_REDIRECT_URI: `${options.consoleUrl}/`,
      OIDC_RESOURCE: options.resource,
      OIDC_AUDIENCE: options.audience,
      OIDC_ACCOUNTS: JSON.stringify(options.accounts),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const issuer = `http://127.0.0.1:${options.port}`;
  await expectEventually(() => {
    if (child.exitCode !== null) throw new Error(`the OpenID provider exited: ${output}`);
    expect(output).toContain('oidc-test-provider listening');
  }, 30_000);
  return {
    issuer,
    jwksUrl: `${issuer}/jwks`,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
