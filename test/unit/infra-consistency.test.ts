// The Azure deployment declares what the code reads: every configuration key is an app setting,
// every Cosmos container exists with the code's partition key and indexing exclusions, host.json
// carries what the runtime needs, and azd deploys what `npm run package` builds.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { configSchema } from '../../shared/config';
import { containers } from '../../shared/store/containers';
import { PACKAGE_DIR } from '../../infra/package/build.cjs';
import { BicepValue, Expr, bicepModules, bicepParams, bicepVar } from './bicep';

const root = join(__dirname, '..', '..');
const infra = join(root, 'infra', 'azure');
const read = (...p: string[]): string => readFileSync(join(...p), 'utf8');

/** Optional keys the app reads only outside Azure, each with the reason it has no app setting. */
const LOCAL_ONLY: Record<string, string> = {
  COSMOS_KEY: 'the account has key auth disabled; in Azure the managed identity signs requests',
  COSMOS_CA_CERT_FILE: "trusts the local server's or the emulator's self-signed certificate; Azure's chains to a public root",
  ACS_CONNECTION_STRING: 'carries an access key (the local sink); in Azure the app sends to ACS_ENDPOINT as its identity',
};

function objectKeys(value: BicepValue, what: string): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || value instanceof Expr) {
    throw new Error(`${what} is not an object literal`);
  }
  return Object.keys(value);
}

describe('app settings in infra/azure/main.bicep', () => {
  const settings = objectKeys(bicepVar(read(infra, 'main.bicep'), 'appSettings'), 'var appSettings');
  const schemaKeys = Object.keys(configSchema.shape);

  it('sets every key of the configuration schema except the local-only ones', () => {
    const missing = schemaKeys.filter((k) => !settings.includes(k) && !(k in LOCAL_ONLY));
    expect(missing).toEqual([]);
  });

  it('sets no key the schema does not read', () => {
    expect(settings.filter((k) => !schemaKeys.includes(k))).toEqual([]);
  });

  it.each(Object.keys(LOCAL_ONLY))('leaves out %s, an optional schema key', (key) => {
    expect(schemaKeys).toContain(key);
    expect(configSchema.shape[key as keyof typeof configSchema.shape].safeParse(undefined).success).toBe(true);
    expect(settings).not.toContain(key);
  });

  it('hands the settings to the Function App', () => {
    const api = bicepModules(read(infra, 'main.bicep')).find((m) => m.path === 'app/api.bicep');
    expect(((api?.body.params ?? {}) as Record<string, BicepValue>).appSettings).toEqual(new Expr('appSettings'));
    expect(read(infra, 'app', 'api.bicep')).toMatch(/properties: union\(appSettings, runtimeSettings\)/);
  });
});

describe('Cosmos containers in infra/azure/app/cosmos.bicep', () => {
  type Declared = { name: string; partitionKeyPath: string; excludedPaths?: string[]; defaultTtl?: number };
  const declared = bicepVar(read(infra, 'app', 'cosmos.bicep'), 'containers') as Declared[];
  const specs = Object.values(containers);

  it('declares exactly the containers of shared/store/containers.ts', () => {
    expect(declared.map((c) => c.name).sort()).toEqual(specs.map((s) => s.id).sort());
  });

  it.each(specs.map((s) => [s.id, s] as const))('declares %s with the same partition key, exclusions and default TTL', (id, spec) => {
    const bicep = declared.find((c) => c.name === id);
    expect(bicep?.partitionKeyPath).toBe(spec.partitionKeyPath);
    expect(bicep?.excludedPaths ?? []).toEqual('excludedPaths' in spec ? [...spec.excludedPaths] : []);
    expect(bicep?.defaultTtl).toBe('defaultTtl' in spec ? spec.defaultTtl : undefined);
  });

  it('passes each container\'s default TTL on to the module', () => {
    expect(read(infra, 'app', 'cosmos.bicep')).toMatch(/^\s+defaultTtl: c\.\?defaultTtl$/m);
  });

  it('has no container setting in code that the Bicep does not carry', () => {
    const carried = ['id', 'partitionKeyPath', 'excludedPaths', 'defaultTtl', 'purpose'];
    expect(specs.flatMap((s) => Object.keys(s).filter((k) => !carried.includes(k)))).toEqual([]);
  });
});

describe('host.json', () => {
  const host = JSON.parse(read(root, 'host.json'));

  it('targets Functions v4 with the v4 extension bundle', () => {
    expect(host.version).toBe('2.0');
    expect(host.extensionBundle).toEqual({ id: 'Microsoft.Azure.Functions.ExtensionBundle', version: '[4.*, 5.0.0)' });
  });

  it('serves HTTP under /api', () => {
    expect(host.extensions.http.routePrefix).toBe('api');
  });

  it('takes the task hub name from an app setting the Bicep sets', () => {
    const hub = /^%(\w+)%$/.exec(host.extensions.durableTask.hubName);
    expect(hub?.[1]).toBe('DURABLE_TASK_HUB_NAME');
    expect(objectKeys(bicepVar(read(infra, 'main.bicep'), 'appSettings'), 'appSettings')).toContain(hub?.[1]);
  });
});

describe('azure.yaml', () => {
  const yaml = read(root, 'azure.yaml');
  const api = /^ {2}api:\n((?: {4}.*\n|\s*\n)+)/m.exec(yaml)?.[1] ?? '';
  const field = (name: string): string | undefined => new RegExp(`^ {4}${name}: *(\\S+)`, 'm').exec(api)?.[1];

  it('deploys the api service as a Function App from the TypeScript project', () => {
    expect(field('host')).toBe('function');
    expect(['ts', 'js']).toContain(field('language'));
    expect(field('project')).toBe('.');
  });

  it('deploys the folder `npm run build` writes (azd runs `build`, never `package`)', () => {
    expect(field('dist')).toBe(PACKAGE_DIR);
    const scripts = JSON.parse(read(root, 'package.json')).scripts;
    expect(scripts.build).toMatch(/&& node infra\/package\/build\.cjs$/);
    expect(scripts.package).toMatch(/infra\/package\/build\.cjs/);
  });

  it('provisions infra/azure/main.bicep', () => {
    expect(yaml).toMatch(/^ {2}path: infra\/azure$/m);
    expect(existsSync(join(infra, 'main.bicep'))).toBe(true);
  });
});

describe('Bicep modules', () => {
  const files = readdirSync(infra, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.bicep'));

  it.each(files)('%s: pins every registry module to a version and passes declared params only', (file) => {
    for (const mod of bicepModules(read(infra, file))) {
      if (mod.path.startsWith('br/')) {
        expect(mod.path).toMatch(/^br\/public:avm\/res\/[a-z0-9/-]+:\d+\.\d+\.\d+$/);
        continue;
      }
      const declared = bicepParams(read(infra, dirname(file), mod.path));
      const passed = objectKeys(mod.body.params ?? {}, `${mod.symbol}.params`);
      expect(passed.filter((p) => !declared.has(p))).toEqual([]);
      expect([...declared].filter(([p, d]) => d.required && !passed.includes(p)).map(([p]) => p)).toEqual([]);
    }
  });

  it('makes every role assignment in app/rbac.bicep, named with guid()', () => {
    const rbac = read(infra, 'app', 'rbac.bicep');
    for (const file of files.filter((f) => f !== join('app', 'rbac.bicep'))) {
      expect(read(infra, file)).not.toMatch(/roleAssignments@|sqlRoleAssignments@|^\s*roleAssignments:/m);
    }
    const names = [...rbac.matchAll(/^resource \w+ '[^']*[rR]oleAssignments@[^']+' = [^\n]*\n(?:.*\n)*?\s+name: (.*)$/gm)];
    expect(names.length).toBeGreaterThan(0);
    for (const [, name] of names) expect(name).toMatch(/^guid\(/);
  });
});
