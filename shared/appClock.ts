/**
 * The instant the app's send limits count in. In Azure (and `npm start`) it is the system clock. The
 * local host with virtual time installs its own clock under this symbol, so the email quota's
 * pacer, the sends per inviter and an invitation batch's waits follow the durable timers' time:
 * an hour skipped there is an hour of quota given back, as it would be in real time.
 */
export const APP_CLOCK = Symbol.for('reseller-connect.appClock');

export function appNow(): number {
  const clock = (globalThis as Record<symbol, unknown>)[APP_CLOCK] as (() => number) | undefined;
  return clock ? clock() : Date.now();
}
