// The Azure deployment declares what the code reads: every configuration key is an app setting,
// every Cosmos container exists with the code's partition key and indexing exclusions, host.json
// carries what the runtime needs, and azd deploys what `npm run package` builds.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { configSchema } from '../../shared/config';
import { containers } from '../../shared/store/containers';
import { PACKAGE_DIR } from '../../infra/package/build.cjs';
import { partnerRoles } from '../../shared/auth/roles';
import { acsEmailLimits, sendQuota } from '../../shared/email/acsLimits';
import { allApiScopes } from '../../shared/auth/scopes';
import { pagePaths } from '../../shared/pages/html';
import { BicepValue, Expr, bicepModules, bicepParams, bicepResources, bicepUses, bicepVar } from './bicep';

const root = join(__dirname, '..', '..');
const infra = join(root, 'infra', 'azure');
const read = (...p: string[]): string => readFileSync(join(...p), 'utf8');

/** Optional keys the app reads only outside Azure, each with the reason it has no app setting. */
const LOCAL_ONLY: Record<string, string> = {
  COSMOS_KEY: 'the account has key auth disabled; in Azure the managed identity signs requests',
  COSMOS_CA_CERT_FILE:
    "trusts the local server's or the emulator's self-signed certificate; Azure's chains to a public root",
  ACS_CONNECTION_STRING:
    'carries an access key (the local sink); in Azure the app sends to ACS_ENDPOINT as its identity',
};

/** Keys the Bicep sets before shared/config.ts reads them, each with the reason. */
const AHEAD_OF_SCHEMA: Record<string, string> = {};

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

  it('sets no key the schema does not read, except the few set ahead of it', () => {
    expect(settings.filter((k) => !schemaKeys.includes(k) && !(k in AHEAD_OF_SCHEMA))).toEqual([]);
    for (const k of Object.keys(AHEAD_OF_SCHEMA))
      expect(schemaKeys.includes(k) ? `${k} is read now: drop it from AHEAD_OF_SCHEMA` : k).toBe(k);
  });

  it.each(Object.keys(LOCAL_ONLY))('leaves out %s, an optional schema key', (key) => {
    expect(schemaKeys).toContain(key);
    expect(configSchema.shape[key as keyof typeof configSchema.shape].safeParse(undefined).success).toBe(true);
    expect(settings).not.toContain(key);
  });

  it('paces email at the sends a minute and an hour that keep every ACS request of the domain type within its documented limit', () => {
    const m =
      /^var emailQuota = emailDomainManagement == 'AzureManaged' \? \{ perMinute: (\d+), perHour: (\d+) \} : \{ perMinute: (\d+), perHour: (\d+) \}$/m.exec(
        read(infra, 'main.bicep'),
      );
    const [managedMinute, managedHour, customMinute, customHour] = (m?.slice(1) ?? []).map(Number);
    expect({ perMinute: managedMinute, perHour: managedHour }).toEqual(sendQuota(acsEmailLimits.azureManaged));
    expect({ perMinute: customMinute, perHour: customHour }).toEqual(sendQuota(acsEmailLimits.customDomain));
  });

  it('hands the settings to the Function App', () => {
    const api = bicepModules(read(infra, 'main.bicep')).find((m) => m.path === 'app/api.bicep');
    expect(((api?.body.params ?? {}) as Record<string, BicepValue>).appSettings).toEqual(new Expr('appSettings'));
    expect(read(infra, 'app', 'api.bicep')).toMatch(
      /properties: union\(appSettings, runtimeSettings, durableSettings\)/,
    );
  });
});

describe('Cosmos containers in infra/azure/app/cosmos.bicep', () => {
  type Declared = { name: string; partitionKeyPath: string; excludedPaths?: string[]; defaultTtl?: number };
  const declared = bicepVar(read(infra, 'app', 'cosmos.bicep'), 'containers') as Declared[];
  const specs = Object.values(containers);

  it('declares exactly the containers of shared/store/containers.ts', () => {
    expect(declared.map((c) => c.name).sort()).toEqual(specs.map((s) => s.id).sort());
  });

  it.each(specs.map((s) => [s.id, s] as const))(
    'declares %s with the same partition key, exclusions and default TTL',
    (id, spec) => {
      const bicep = declared.find((c) => c.name === id);
      expect(bicep?.partitionKeyPath).toBe(spec.partitionKeyPath);
      expect(bicep?.excludedPaths ?? []).toEqual('excludedPaths' in spec ? [...spec.excludedPaths] : []);
      expect(bicep?.defaultTtl).toBe('defaultTtl' in spec ? spec.defaultTtl : undefined);
    },
  );

  it("passes each container's default TTL on to the module", () => {
    expect(read(infra, 'app', 'cosmos.bicep')).toMatch(/^\s+defaultTtl: c\.\?defaultTtl$/m);
  });

  it('has no container setting in code that the Bicep does not carry', () => {
    const carried = ['id', 'partitionKeyPath', 'excludedPaths', 'defaultTtl', 'purpose'];
    expect(specs.flatMap((s) => Object.keys(s).filter((k) => !carried.includes(k)))).toEqual([]);
  });
});

describe('host.json', () => {
  const host = JSON.parse(read(root, 'host.json'));
  const api = read(infra, 'app', 'api.bicep');
  const bundleMin = (range: string) => /^\[(\d+)\.(\d+)\.(\d+), 5\.0\.0\)$/.exec(range)?.slice(1).map(Number);

  it('targets Functions v4 with an extension bundle that has the Durable Task Scheduler provider (4.32.0 or later)', () => {
    expect(host.version).toBe('2.0');
    expect(host.extensionBundle.id).toBe('Microsoft.Azure.Functions.ExtensionBundle');
    const [major, minor] = bundleMin(host.extensionBundle.version) ?? [];
    expect(major).toBe(4);
    expect(minor).toBeGreaterThanOrEqual(32);
  });

  it('serves HTTP under /api', () => {
    expect(host.extensions.http.routePrefix).toBe('api');
  });

  it('takes the task hub name from an app setting the Bicep sets', () => {
    const hub = /^%(\w+)%$/.exec(host.extensions.durableTask.hubName);
    expect(hub?.[1]).toBe('DURABLE_TASK_HUB_NAME');
    expect(objectKeys(bicepVar(read(infra, 'main.bicep'), 'appSettings'), 'appSettings')).toContain(hub?.[1]);
  });

  it('ships the Durable Task Scheduler provider, whose connection setting the Bicep sets with the managed identity', () => {
    const provider = host.extensions.durableTask.storageProvider;
    expect(provider).toEqual({
      type: 'azureManaged',
      connectionStringName: 'DURABLE_TASK_SCHEDULER_CONNECTION_STRING',
    });
    const dts = new RegExp(
      `^\\s+${provider.connectionStringName}: 'Endpoint=\\$\\{durableTaskSchedulerEndpoint\\};Authentication=ManagedIdentity;ClientID=\\$\\{identityClientId\\}'$`,
      'm',
    );
    expect(api).toMatch(dts);
  });

  it('is turned into the Azure Storage provider by app settings that override keys host.json has, polling at most every 10 s', () => {
    const overrides = Object.fromEntries(
      [...api.matchAll(/^\s+AzureFunctionsJobHost__(\w+): '([^']*)'$/gm)].map((m) => [m[1], m[2]]),
    );
    expect(overrides['extensions__durableTask__storageProvider__type']).toBe('AzureStorage');
    expect(overrides['extensions__durableTask__storageProvider__connectionStringName']).toBe('AzureWebJobsStorage');
    // Each override names a key host.json carries (an override of a missing path would add one, not
    // replace it), or the polling interval.
    for (const path of Object.keys(overrides).filter((k) => !k.endsWith('maxQueuePollingInterval'))) {
      const value = path.split('__').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], host);
      expect([path, value === undefined ? 'absent from host.json' : 'present']).toEqual([path, 'present']);
    }
    const poll = /^(\d\d):(\d\d):(\d\d)$/.exec(
      overrides['extensions__durableTask__storageProvider__maxQueuePollingInterval'] ?? '',
    );
    expect(poll).not.toBeNull();
    const [h, m, sec] = (poll as RegExpExecArray).slice(1).map(Number);
    expect(h * 3600 + m * 60 + sec).toBeLessThanOrEqual(10);
    expect(h * 3600 + m * 60 + sec).toBeGreaterThan(0);
  });

  it('defaults the Bicep to the Durable Task Scheduler, with Azure Storage one parameter away', () => {
    const main = read(infra, 'main.bicep');
    expect(main).toMatch(/^param durableBackend string = 'DurableTaskScheduler'$/m);
    expect(main).toMatch(/^output DURABLE_TASK_SCHEDULER_DASHBOARD_URL string = /m);
    expect(read(infra, 'app', 'durable.bicep')).toMatch(
      /name: skuName[\s\S]*param skuName string = 'Consumption'|param skuName string = 'Consumption'/,
    );
  });
});

describe('secrets', () => {
  const files = readdirSync(infra, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.bicep'));

  it.each(files)(
    '%s: every @secure() parameter reaches only secure module parameters and Key Vault secret values',
    (file) => {
      const src = read(infra, file);
      const secure = [...bicepParams(src)].filter(([, p]) => p.secure).map(([name]) => name);
      for (const name of secure) {
        let allowed = 0;
        for (const mod of bicepModules(src)) {
          for (const [key, value] of Object.entries((mod.body.params ?? {}) as Record<string, BicepValue>)) {
            if (!(value instanceof Expr) || value.text !== name) continue;
            expect(
              mod.path.startsWith('br/')
                ? `${mod.symbol}.${key}: a registry module`
                : bicepParams(read(infra, dirname(file), mod.path)).get(key)?.secure,
            ).toBe(true);
            allowed++;
          }
        }
        for (const res of bicepResources(src).filter((r) => r.type === 'Microsoft.KeyVault/vaults/secrets')) {
          const value = (res.body.properties as Record<string, BicepValue> | undefined)?.value;
          if (value instanceof Expr && value.text === name) allowed++;
        }
        expect({ name, uses: bicepUses(src, name) }).toEqual({ name, uses: allowed });
        expect(allowed).toBeGreaterThan(0);
      }
    },
  );

  it('counts a leak as a use: the check fails on a secure parameter copied into a plain object or an output', () => {
    const leaky = "@secure()\nparam s string\nvar settings = {\n  A: s\n}\noutput o string = 'x${s}'\n";
    expect(bicepParams(leaky).get('s')).toEqual({ required: true, secure: true });
    expect(bicepUses(leaky, 's')).toBe(2);
  });

  it('keeps the invitation token secret in a Key Vault with RBAC, soft delete and purge protection', () => {
    const kv = bicepResources(read(infra, 'app', 'keyvault.bicep'));
    const vault = kv.find((r) => r.type === 'Microsoft.KeyVault/vaults')?.body.properties as Record<string, BicepValue>;
    expect(vault).toMatchObject({ enableRbacAuthorization: true, enableSoftDelete: true, enablePurgeProtection: true });
    expect(kv.some((r) => r.type === 'Microsoft.KeyVault/vaults/secrets')).toBe(true);
  });

  it('sets INVITATION_TOKEN_SECRET as a Key Vault reference resolved with the user-assigned identity, which may read secrets', () => {
    const settings = bicepVar(read(infra, 'main.bicep'), 'appSettings') as Record<string, BicepValue>;
    expect(settings.INVITATION_TOKEN_SECRET).toMatch(
      /^@Microsoft\.KeyVault\(SecretUri=\$\{keyVault\.outputs\.invitationTokenSecretUri\}\)$/,
    );
    expect(read(infra, 'app', 'api.bicep')).toMatch(/^\s+keyVaultAccessIdentityResourceId: identityId$/m);
    expect(read(infra, 'app', 'rbac.bicep')).toMatch(
      /scope: vault\n\s+properties: \{\n\s+roleDefinitionId: subscriptionResourceId\('Microsoft.Authorization\/roleDefinitions', roles.keyVaultSecretsUser\)\n\s+principalId: appPrincipalId/,
    );
  });
});

describe('Flex Consumption', () => {
  // Learn, functions-app-settings "Flex Consumption plan deprecations": site properties and app
  // settings Flex rejects (ftpsState: ARM error 51021) or ignores.
  const DEPRECATED_SITE_CONFIG = [
    'alwaysOn',
    'containerSize',
    'ftpsState',
    'isReserved',
    'IsXenon',
    'javaVersion',
    'linuxFxVersion',
    'netFrameworkVersion',
    'powerShellVersion',
    'functionAppScaleLimit',
    'preWarmedInstanceCount',
    'use32BitWorkerProcess',
    'vnetBackupRestoreEnabled',
    'vnetContentShareEnabled',
    'vnetImagePullEnabled',
    'vnetRouteAllEnabled',
    'windowsFxVersion',
  ];
  const DEPRECATED_SETTINGS = [
    'ENABLE_ORYX_BUILD',
    'FUNCTIONS_EXTENSION_VERSION',
    'FUNCTIONS_WORKER_RUNTIME',
    'FUNCTIONS_WORKER_RUNTIME_VERSION',
    'FUNCTIONS_MAX_HTTP_CONCURRENCY',
    'FUNCTIONS_WORKER_PROCESS_COUNT',
    'FUNCTIONS_WORKER_DYNAMIC_CONCURRENCY_ENABLED',
    'SCM_DO_BUILD_DURING_DEPLOYMENT',
    'WEBSITE_CONTENTAZUREFILECONNECTIONSTRING',
    'WEBSITE_CONTENTOVERVNET',
    'WEBSITE_CONTENTSHARE',
    'WEBSITE_DNS_SERVER',
    'WEBSITE_MAX_DYNAMIC_APPLICATION_SCALE_OUT',
    'WEBSITE_NODE_DEFAULT_VERSION',
    'WEBSITE_RUN_FROM_PACKAGE',
    'WEBSITE_SKIP_CONTENTSHARE_VALIDATION',
    'WEBSITE_VNET_ROUTE_ALL',
  ];
  const api = read(infra, 'app', 'api.bicep');
  const site = bicepModules(api).find((m) => m.symbol === 'site');
  const params = (site?.body.params ?? {}) as Record<string, BicepValue>;

  it('passes no site config key Flex rejects or ignores', () => {
    const keys = objectKeys(params.siteConfig ?? {}, 'siteConfig');
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.filter((k) => DEPRECATED_SITE_CONFIG.includes(k))).toEqual([]);
    expect(Object.keys(params).filter((k) => DEPRECATED_SITE_CONFIG.includes(k))).toEqual([]);
  });

  it('sets no app setting Flex deprecates', () => {
    const set = [
      ...read(infra, 'main.bicep').matchAll(/^\s+([A-Z][A-Za-z0-9_]+): /gm),
      ...api.matchAll(/^\s+([A-Z][A-Za-z0-9_]+): /gm),
    ].map((m) => m[1]);
    expect(set).toContain('COSMOS_ENDPOINT');
    expect(set.filter((k) => DEPRECATED_SETTINGS.includes(k))).toEqual([]);
  });

  it('runs Node 22, what the code declares it needs', () => {
    expect(api).toMatch(/^param nodeVersion string = '22'$/m);
    expect(JSON.parse(read(root, 'package.json')).engines.node).toBe('>=22');
  });

  it('accepts only regions listed as offering Flex Consumption, with the date the list was taken', () => {
    const main = read(infra, 'main.bicep');
    const allowed =
      /@allowed\(\[\n((?:\s+'[a-z0-9]+'\n)+)\]\)\n@metadata\(\{ azd: \{ type: 'location' \} \}\)\nparam location string/.exec(
        main,
      )?.[1];
    const regions = [...(allowed ?? '').matchAll(/'([a-z0-9]+)'/g)].map((m) => m[1]);
    expect(regions).toEqual(expect.arrayContaining(['swedencentral', 'eastus', 'westeurope']));
    expect(regions.filter((r) => r.endsWith('euap'))).toEqual([]);
    expect(main).toMatch(/Regions offering Flex Consumption, as listed on \d{4}-\d{2}-\d{2}/);
  });
});

describe('roles', () => {
  // Built-in role definition ids with their documented names (Azure built-in roles reference;
  // Durable Task Data Contributor from the Durable Task Scheduler docs and Azure-Samples templates).
  const DOCUMENTED: Record<string, string> = {
    'b7e6dc6d-f1e8-4753-8033-0f276bb0955b': 'Storage Blob Data Owner',
    '974c5e8b-45b9-4653-ba55-5f855dd0fb88': 'Storage Queue Data Contributor',
    '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3': 'Storage Table Data Contributor',
    '3913510d-42f4-4e42-8a64-420c390055eb': 'Monitoring Metrics Publisher',
    '09976791-48a7-449e-bb21-39d1a415f350': 'Communication and Email Service Owner',
    '4633458b-17de-408a-b874-0445c86b69e6': 'Key Vault Secrets User',
    '0ad04412-c4d5-4796-b79c-f76d14c8d402': 'Durable Task Data Contributor',
  };
  const NAMES: Record<string, string> = {
    storageBlobDataOwner: 'Storage Blob Data Owner',
    storageQueueDataContributor: 'Storage Queue Data Contributor',
    storageTableDataContributor: 'Storage Table Data Contributor',
    monitoringMetricsPublisher: 'Monitoring Metrics Publisher',
    communicationEmailOwner: 'Communication and Email Service Owner',
    keyVaultSecretsUser: 'Key Vault Secrets User',
    durableTaskDataContributor: 'Durable Task Data Contributor',
  };

  it('names every built-in role by its documented id', () => {
    const roles = bicepVar(read(infra, 'app', 'rbac.bicep'), 'roles') as Record<string, string>;
    expect(Object.keys(roles).sort()).toEqual(Object.keys(NAMES).sort());
    for (const [key, id] of Object.entries(roles)) expect([key, DOCUMENTED[id]]).toEqual([key, NAMES[key]]);
    expect(read(infra, 'main.bicep')).toMatch(
      /^var communicationAndEmailServiceOwner = '09976791-48a7-449e-bb21-39d1a415f350'$/m,
    );
  });

  it('uses no other role GUID anywhere in the Bicep', () => {
    const files = readdirSync(infra, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.bicep'));
    const guids = files.flatMap((f) =>
      [...read(infra, f).matchAll(/'([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})'/g)].map(
        (m) => m[1],
      ),
    );
    // The Cosmos DB data-plane role is not an Azure RBAC role: Cosmos DB Built-in Data Contributor.
    expect(guids.filter((g) => !(g in DOCUMENTED) && g !== '00000000-0000-0000-0000-000000000002')).toEqual([]);
  });

  it('gives the app a custom email role with the documented send actions, falling back to the built-in one by parameter', () => {
    const main = read(infra, 'main.bicep');
    const role = bicepResources(main).find((r) => r.type === 'Microsoft.Authorization/roleDefinitions');
    const perms = (
      ((role?.body.properties ?? {}) as Record<string, BicepValue>).permissions as Record<string, BicepValue>[]
    )[0];
    expect(perms.actions).toEqual([
      'Microsoft.Communication/CommunicationServices/Read',
      'Microsoft.Communication/CommunicationServices/Write',
      'Microsoft.Communication/EmailServices/write',
    ]);
    expect(perms.dataActions).toEqual([]);
    expect(main).toMatch(/^param emailSenderRole string = 'Custom'$/m);
    expect(main).toMatch(
      /emailRoleDefinitionGuid: emailSenderRole == 'Custom' \? emailSenderRoleDefinition\.name : communicationAndEmailServiceOwner/,
    );
  });
});

describe('Entra app registrations (app/entra.bicep)', () => {
  const entra = read(infra, 'app', 'entra.bicep');
  const call = bicepModules(read(infra, 'main.bicep')).find((m) => m.path === 'app/entra.bicep');
  const params = (call?.body.params ?? {}) as Record<string, BicepValue>;

  it('loads the Microsoft Graph v1.0 extension named in bicepconfig.json', () => {
    const config = JSON.parse(read(infra, 'bicepconfig.json'));
    expect(config.extensions.microsoftGraphV1).toMatch(
      /^br:mcr\.microsoft\.com\/bicep\/extensions\/microsoftgraph\/v1\.0:\d+\.\d+\.\d+$/,
    );
    expect(entra).toMatch(/^extension microsoftGraphV1$/m);
    expect(
      bicepResources(entra)
        .map((r) => r.type)
        .sort(),
    ).toEqual([
      'Microsoft.Graph/applications',
      'Microsoft.Graph/applications',
      'Microsoft.Graph/servicePrincipals',
      'Microsoft.Graph/servicePrincipals',
    ]);
  });

  it("declares the app roles and scopes the code checks, v2 tokens, and the landing page's redirect URI", () => {
    expect(params.partnerRoles).toEqual([...partnerRoles]);
    expect((params.apiScopes as Record<string, string>[]).map((s) => s.value)).toEqual([...allApiScopes]);
    const api = bicepResources(entra).find((r) => r.symbol === 'apiApp')?.body as Record<
      string,
      Record<string, BicepValue>
    >;
    expect(api.api.requestedAccessTokenVersion).toBe(2);
    expect(entra).toContain(`'\${publicBaseUrl}${pagePaths.signinReturn}'`);
  });

  it('has no cycle: the landing page does not depend on the API, whose identifier URI is a name', () => {
    const signin = JSON.stringify(bicepResources(entra).find((r) => r.symbol === 'signinApp')?.body);
    expect(signin).not.toMatch(/apiApp|apiIdentifierUri/);
    expect(entra).toMatch(/'api:\/\/\$\{tenant\(\)\.tenantId\}\/reseller-connect-\$\{resourceToken\}'/);
  });

  it('takes existing client ids instead, and the operator tenant defaults to the deploying one', () => {
    expect(params.existingApiClientId).toEqual(new Expr('authAudience'));
    expect(params.existingSigninClientId).toEqual(new Expr('signinClientId'));
    const settings = bicepVar(read(infra, 'main.bicep'), 'appSettings') as Record<string, BicepValue>;
    expect(settings.PROGRAM_OPERATOR_TENANT_ID).toEqual(
      new Expr('empty ( programOperatorTenantId ) ? tenant ( ) . tenantId : programOperatorTenantId'),
    );
    expect(settings.AUTH_AUDIENCE).toEqual(new Expr('entra.outputs.apiClientId'));
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
    const names = [
      ...rbac.matchAll(/^resource \w+ '[^']*[rR]oleAssignments@[^']+' = [^\n]*\n(?:.*\n)*?\s+name: (.*)$/gm),
    ];
    expect(names.length).toBeGreaterThan(0);
    for (const [, name] of names) expect(name).toMatch(/^guid\(/);
  });
});
