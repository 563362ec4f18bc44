import { parseArgs } from 'node:util';
import { startHost } from './host';

/**
 * `npm run host -- --app <dir> --port <n>`: runs any Node v4 programming-model app directory.
 * Durable state goes to the Cosmos endpoint in COSMOS_ENDPOINT/COSMOS_KEY (COSMOS_CA_CERT_FILE for
 * a local certificate); /dev/* is forwarded to DEV_UPSTREAM when set.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      app: { type: 'string', default: '.' },
      port: { type: 'string', default: process.env.PORT ?? '7071' },
      'virtual-time': { type: 'boolean', default: false },
      // With --virtual-time: the instant the clock starts at (ISO 8601), e.g. where a host that was
      // killed after skipping ahead had got to, so its successor does not go back in time.
      'virtual-time-start': { type: 'string' },
      database: { type: 'string' },
    },
  });
  const endpoint = process.env.COSMOS_ENDPOINT;
  if (!endpoint)
    throw new Error(
      'COSMOS_ENDPOINT is not set: the durable backend keeps its state in Cosmos DB (npm start provides a local server)',
    );
  const host = await startHost({
    appDir: values.app as string,
    port: Number(values.port),
    virtualTime: values['virtual-time'] as boolean,
    virtualTimeStart: startInstant(values['virtual-time-start'] as string | undefined),
    devUpstream: process.env.DEV_UPSTREAM,
    cosmos: {
      endpoint,
      key: process.env.COSMOS_KEY,
      caCertFile: process.env.COSMOS_CA_CERT_FILE,
      managedIdentityClientId: process.env.AZURE_CLIENT_ID,
      database: (values.database as string | undefined) ?? process.env.COSMOS_DATABASE ?? 'resellerconnect',
    },
  });
  // The parent (npm start, tests) reads this line to learn the port.
  console.log(`HOST_READY ${host.url}`);
  const stop = (): void => {
    void host.close().finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

/** The --virtual-time-start instant in ms, or undefined; a value that is not a date stops the start. */
function startInstant(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new Error(`--virtual-time-start: "${value}" is not an ISO 8601 instant`);
  return ms;
}

main().catch((err: unknown) => {
  console.error(`[host] failed to start: ${(err as Error)?.stack ?? err}`);
  process.exit(1);
});
