import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/** Where Debian (and Ubuntu's deb) put Chromium; CHROMIUM_PATH overrides. */
const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

/** The Chromium executable to drive, if one is installed. */
export function findChromium(): string | undefined {
  const configured = process.env.CHROMIUM_PATH;
  if (configured) return existsSync(configured) ? configured : undefined;
  return CANDIDATES.find((p) => existsSync(p));
}

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A headless Chromium with a fresh profile; close() removes the profile. */
export interface Chromium {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Launches Debian's Chromium through playwright-core (no downloaded browser). */
export async function launchChromium(
  executablePath: string,
  options: { javaScriptEnabled?: boolean } = {},
): Promise<Chromium> {
  const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'chromium-profile-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    args: FLAGS,
    javaScriptEnabled: options.javaScriptEnabled ?? true,
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/**
 * `describe` for browser tests. Without Chromium: with REQUIRE_CHROMIUM=1 (CI) the suite fails;
 * otherwise it warns loudly and shows a skipped test that names the reason.
 */
export function describeWithChromium(name: string, body: (executablePath: string) => void): void {
  const executable = findChromium();
  if (executable) {
    describe(name, () => body(executable));
    return;
  }
  const reason = `no Chromium found (looked at ${process.env.CHROMIUM_PATH ?? CANDIDATES.join(', ')}); install it with: apt-get install chromium`;
  if (process.env.REQUIRE_CHROMIUM === '1') {
    describe(name, () => {
      it('has a Chromium to run in (REQUIRE_CHROMIUM=1)', () => {
        throw new Error(`REQUIRE_CHROMIUM=1 but ${reason}`);
      });
    });
    return;
  }
  console.warn(`\n${'!'.repeat(78)}\n!! SKIPPED browser tests "${name}": ${reason}\n${'!'.repeat(78)}\n`);
  describe(name, () => {
    it.skip(`SKIPPED: ${reason}`, () => undefined);
  });
}
