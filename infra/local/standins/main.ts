import path from 'node:path';
import { parseArgs } from 'node:util';
import '../launcher/parentWatch';
import { startStandins } from './standins';

/**
 * The stand-ins process (`npm start` spawns it so it outlives a host crash, as an emulator would):
 * `node dist/infra/local/standins/main.js --data-dir .data --public-base-url http://localhost:7071`.
 * Prints one line `STANDINS_READY <json env>` with the settings the app and host need.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'data-dir': { type: 'string', default: '.data' },
      'public-base-url': { type: 'string', default: 'http://localhost:7071' },
      port: { type: 'string', default: '0' },
      'cosmos-port': { type: 'string', default: '0' },
      // When the app uses another Cosmos endpoint (the emulator, an Azure account).
      'no-cosmos': { type: 'boolean', default: false },
    },
  });
  const standins = await startStandins({
    dataDir: path.resolve(values['data-dir']),
    publicBaseUrl: values['public-base-url'],
    port: port(values.port, '--port'),
    cosmosPort: port(values['cosmos-port'], '--cosmos-port'),
    localCosmos: !values['no-cosmos'],
    emailLimits: emailLimits(process.env.EMAIL_SINK_LIMITS),
  });
  console.log(`STANDINS_READY ${JSON.stringify(standins.env)}`);
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    void standins.close().finally(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

/** EMAIL_SINK_LIMITS: the email sink enforces ACS's rate limits of that domain type (unset or empty: none). */
function emailLimits(value: string | undefined): 'azureManaged' | 'customDomain' | undefined {
  if (!value) return undefined;
  if (value === 'azureManaged' || value === 'customDomain') return value;
  throw new Error(`EMAIL_SINK_LIMITS must be azureManaged or customDomain, not ${value}`);
}

function port(text: string, flag: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new Error(`${flag} must be a port number (0 picks a free one), not "${text}"`);
  return n;
}

main().catch((e: unknown) => {
  console.error(`[standins] failed to start: ${(e as Error)?.stack ?? e}`);
  process.exit(1);
});
