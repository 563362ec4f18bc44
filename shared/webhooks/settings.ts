import type { GuardOptions } from './ssrf';

/**
 * Local development only: WEBHOOK_ALLOW_LOCAL_HTTP=true lets endpoints be http on a loopback host
 * (the dev webhook receiver, test receivers). Never set in Azure: there loopback is refused.
 */
export function guardOptions(env: NodeJS.ProcessEnv = process.env): GuardOptions {
  return { allowLocalHttp: env.WEBHOOK_ALLOW_LOCAL_HTTP === 'true' };
}
