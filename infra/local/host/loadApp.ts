import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CoreApi } from './coreApi';

export interface HostJson {
  version?: string;
  extensions?: { http?: { routePrefix?: string }; durableTask?: { hubName?: string } };
  [key: string]: unknown;
}

export interface LoadedApp {
  appDir: string;
  hostJson: HostJson;
  files: string[];
}

/**
 * Starts an app the way the Node worker does (worker src/startApp.ts): read the package.json `main`
 * glob, load each match, lock registration, ask the programming model for its capabilities.
 */
export async function loadApp(appDir: string, core: CoreApi): Promise<LoadedApp> {
  const pkgPath = path.join(appDir, 'package.json');
  if (!existsSync(pkgPath)) throw new Error(`No package.json in ${appDir}`);
  const main = (JSON.parse(readFileSync(pkgPath, 'utf8')) as { main?: string }).main;
  if (!main) throw new Error(`${pkgPath} has no "main": it must name the app's entry file or a glob of them`);
  const hostJsonPath = path.join(appDir, 'host.json');
  const hostJson: HostJson = existsSync(hostJsonPath)
    ? (JSON.parse(readFileSync(hostJsonPath, 'utf8')) as HostJson)
    : {};
  const files = expandGlob(appDir, main);
  if (files.length === 0) throw new Error(`The "main" of ${pkgPath} (${main}) matched no file`);
  for (const file of files) {
    try {
      if (file.endsWith('.mjs')) await import(pathToFileURL(file).href);
      else require(file);
    } catch (err) {
      throw new Error(
        `Worker was unable to load entry point "${path.relative(appDir, file)}": ${(err as Error).message}`,
        { cause: err },
      );
    }
  }
  core.lock();
  await core.programmingModel?.getCapabilities({});
  return { appDir, hostJson, files };
}

/** Resolves `main` relative to the app directory; supports `*` and `**` as the worker's glob does. */
export function expandGlob(appDir: string, pattern: string): string[] {
  const absolute = path.resolve(appDir, pattern);
  if (!/[*?]/.test(pattern)) return existsSync(absolute) ? [absolute] : [];
  const parts = absolute.split(path.sep);
  const firstGlob = parts.findIndex((p) => /[*?]/.test(p));
  const root = parts.slice(0, firstGlob).join(path.sep) || path.sep;
  const regex = new RegExp(
    '^' +
      parts
        .slice(firstGlob)
        .map((p) =>
          p === '**'
            ? '(?:.*/)?'
            : p
                .replace(/[.+^${}()|[\]\\]/g, '\\$&')
                .replace(/\*/g, '[^/]*')
                .replace(/\?/g, '[^/]') + '/',
        )
        .join('')
        .replace(/\/$/, '') +
      '$',
  );
  const out: string[] = [];
  const walk = (dir: string): void => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir)) {
      if (entry === 'node_modules') continue;
      const full = path.join(dir, entry);
      if (statSync(full).isDirectory()) walk(full);
      else if (regex.test(path.relative(root, full).split(path.sep).join('/'))) out.push(full);
    }
  };
  walk(root);
  return out.sort();
}
