import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * A random base64 secret kept in a file of the data folder (the ACS access key, the invitation
 * token secret), so what was handed out with it — connection strings, emailed links — stays valid
 * across restarts. Made per data folder: nothing secret lives in the repository.
 */
export function loadOrCreateSecret(file: string): string {
  const existing = readSecret(file);
  if (existing) return existing;
  mkdirSync(dirname(file), { recursive: true });
  try {
    // 'wx' fails if another process created it first; then that process's secret is the one.
    writeFileSync(file, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  const secret = readSecret(file);
  if (!secret) throw new Error(`Secret file ${file} is empty; delete it to generate a new secret.`);
  return secret;
}

function readSecret(file: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8').trim();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  // Refuse rather than overwrite: a new secret would break everything handed out with the old one.
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text) || Buffer.from(text, 'base64').length < 32) {
    throw new Error(`Secret file ${file} does not hold 32 base64 bytes; delete it to generate a new secret.`);
  }
  return text;
}
