import path from 'node:path';
import { loadOrCreateSecret } from '../standins/secretFile';

export interface AppEnvInput {
  /** What the stand-ins printed on their STANDINS_READY line. */
  readonly standinsEnv: Record<string, string>;
  readonly baseUrl: string;
  readonly dataDir: string;
  /** The launcher's own environment: a setting already there wins over a local default. */
  readonly env: NodeJS.ProcessEnv;
}

/**
 * The host's environment under `npm start`: the stand-ins' settings plus the app settings that
 * have local defaults. Every required key of shared/config.ts must be covered here (a test checks).
 */
export function appEnv(i: AppEnvInput): NodeJS.ProcessEnv {
  return {
    ...i.env,
    ...i.standinsEnv,
    PUBLIC_BASE_URL: i.baseUrl,
    DURABLE_TASK_HUB_NAME: i.env.DURABLE_TASK_HUB_NAME || 'resellerconnect',
    COSMOS_DATABASE: i.env.COSMOS_DATABASE || 'resellerconnect',
    // An app secret, not a stand-in's: kept in the data folder so emailed links outlive a restart.
    INVITATION_TOKEN_SECRET:
      i.env.INVITATION_TOKEN_SECRET || loadOrCreateSecret(path.join(i.dataDir, 'invitation-token-secret')),
  };
}
