import { randomUUID } from 'node:crypto';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { CryptoKey, JWK } from 'jose';
import { z } from 'zod';
import { jose } from '../../../shared/auth/jose';

/** The issuer's RS256 key: the private half signs, the public half is all the JWKS ever shows. */
export interface SigningKey {
  readonly kid: string;
  readonly privateKey: CryptoKey;
  readonly publicJwk: Readonly<JWK>;
}

const b64url = z.string().regex(/^[A-Za-z0-9_-]+$/);
const keyFileSchema = z.object({
  kid: z.string().min(1),
  privateJwk: z.object({
    kty: z.literal('RSA'),
    n: b64url,
    e: b64url,
    d: b64url,
    p: b64url,
    q: b64url,
    dp: b64url,
    dq: b64url,
    qi: b64url,
  }),
});
type KeyFile = z.infer<typeof keyFileSchema>;

/** Loads the key from `keyFile` if present, else generates one and (with a keyFile) persists it. */
export async function loadOrCreateSigningKey(keyFile?: string): Promise<SigningKey> {
  if (!keyFile) return fromKeyFile(await generate());
  const existing = await readKeyFile(keyFile);
  if (existing) return fromKeyFile(existing);
  const created = await generate();
  // Another process may be starting on the same file: the first to publish wins, the rest use its key.
  return fromKeyFile((await publishExclusively(keyFile, created)) ? created : (await readKeyFile(keyFile))!);
}

async function generate(): Promise<KeyFile> {
  const { privateKey } = await jose.generateKeyPair('RS256', { extractable: true, modulusLength: 2048 });
  const jwk = await jose.exportJWK(privateKey);
  const privateJwk = keyFileSchema.shape.privateJwk.parse(jwk);
  // The RFC 7638 thumbprint names the key by its content, so a regenerated key gets a new kid.
  const kid = await jose.calculateJwkThumbprint({ kty: 'RSA', n: privateJwk.n, e: privateJwk.e });
  return { kid, privateJwk };
}

async function fromKeyFile({ kid, privateJwk }: KeyFile): Promise<SigningKey> {
  const privateKey = (await jose.importJWK({ ...privateJwk, alg: 'RS256' }, 'RS256')) as CryptoKey;
  // Built from an allow-list, never by deleting private members, so no private field can leak.
  const publicJwk = Object.freeze({ kty: 'RSA', n: privateJwk.n, e: privateJwk.e, kid, alg: 'RS256', use: 'sig' });
  return { kid, privateKey, publicJwk };
}

async function readKeyFile(path: string): Promise<KeyFile | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  const parsed = keyFileSchema.safeParse(safeJson(text));
  // Refuse rather than overwrite: replacing the key would silently invalidate every issued token.
  if (!parsed.success)
    throw new Error(`Dev issuer key file ${path} is not a valid RSA key file; delete it to generate a new key.`);
  return parsed.data;
}

/** Writes a temp file and hard-links it into place: readers never see a half-written file. */
async function publishExclusively(path: string, key: KeyFile): Promise<boolean> {
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.${randomUUID()}.tmp`;
  await writeFile(temp, JSON.stringify(key, null, 2), { mode: 0o600, flag: 'wx' });
  try {
    await link(temp, path);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  } finally {
    await unlink(temp);
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
