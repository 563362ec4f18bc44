import { demoDirectory, demoOperator, programOperator } from '../identity/demoDirectory';
import { tryItCommand } from './tryIt';

export interface BannerInput {
  readonly baseUrl: string;
  readonly dataDir: string;
  readonly virtualTime: boolean;
  /** Where durable state and product data are kept. */
  readonly cosmosEndpoint: string;
  readonly localCosmos: boolean;
}

/** What `npm start` prints once everything is up: where to go, and one command to try. */
export function renderBanner(b: BannerInput): string {
  const { users, tenants } = demoDirectory;
  const rows: [string, string][] = [
    ['API base', `${b.baseUrl}/api`],
    ['Health', `${b.baseUrl}/api/health`],
    ['Dev inbox', `${b.baseUrl}/dev/inbox`],
    [
      'Dev token',
      `${b.baseUrl}/dev/signin  (pick one of ${users.length} demo users in ${tenants.length} tenants; invitees sign in from the emailed link)`,
    ],
    [
      'Program operator',
      `tenant ${programOperator.tenantId} (${demoOperator.email}, ProgramAdmin; ${b.baseUrl}/dev/program)`,
    ],
    ['Durable management', `${b.baseUrl}/runtime/webhooks/durabletask`],
    ['Cosmos DB', `${b.cosmosEndpoint}${b.localCosmos ? '  (local stand-in, in memory)' : ''}`],
    ['Data folder', b.dataDir],
  ];
  if (b.virtualTime) rows.push(['Virtual time', `POST ${b.baseUrl}/dev/time/advance {"ms": <milliseconds>}`]);
  const width = Math.max(...rows.map(([k]) => k.length));
  return [
    '',
    'Reseller Connect is running locally.',
    '',
    ...rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`),
    '',
    'Try it:',
    `  ${tryItCommand(b.baseUrl)}`,
    '',
    'Ctrl-C stops everything.',
    '',
  ].join('\n');
}
