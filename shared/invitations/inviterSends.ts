import { appNow } from '../appClock';
import { config } from '../config';
import { inviterSendCounters } from '../store/inviterSendCounters';
import { InviterSendLimiter } from './inviterSendLimiter';

let shared: InviterSendLimiter | undefined;

/** The process-wide limiter of sends per inviter (INVITER_SENDS_PER_HOUR), counting in the inviterSends container. */
export function inviterSendLimiter(): InviterSendLimiter {
  shared ??= new InviterSendLimiter({
    limit: config().INVITER_SENDS_PER_HOUR,
    counters: inviterSendCounters(),
    now: appNow,
  });
  return shared;
}
