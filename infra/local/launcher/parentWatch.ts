/**
 * Loaded into each child of `npm start` (imported by the stand-ins, `node --require` for the host):
 * when the launcher goes away without stopping us — killed with SIGKILL, say — its IPC channel
 * closes, and we stop as if sent SIGTERM instead of lingering on our ports.
 */
if (process.send) {
  process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));
  // The channel only watches; the child's own servers decide how long it lives.
  process.channel?.unref();
}

export {};
