/**
 * The product's layering, checked on the resolved module graph by `npm run depcheck` (part of
 * `npm test`). Paths are from the repository root. Why each rule: README.md's code map.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-self-contained',
      comment:
        'shared/domain holds pure rules: it imports only itself (and node:crypto, for hashing ids and tokens), never an SDK, I/O or another layer.',
      severity: 'error',
      from: { path: '^shared/domain/' },
      to: { pathNot: ['^shared/domain/', '^crypto$'] },
    },
    {
      name: 'shared-does-not-import-functions',
      comment: 'shared/ is what the functions share; a name both need lives in shared/, not in functions/.',
      severity: 'error',
      from: { path: '^shared/' },
      to: { path: '^functions/' },
    },
    {
      name: 'authorization-reads-through-its-port',
      comment:
        'authorize() and authorizeWebhooks() read the partner standing through the lookup that functions/compose/authDeps.ts installs (shared/auth/partnerStanding.ts), never a store.',
      severity: 'error',
      from: { path: ['^shared/auth/', '^shared/webhooks/authorizeWebhooks\\.ts$'] },
      to: { path: '^shared/store/' },
    },
    {
      name: 'product-does-not-import-local-runtime',
      comment:
        'infra/local stands in for Azure on one machine; it is never deployed, so the product cannot depend on it.',
      severity: 'error',
      from: { path: '^(functions|shared)/' },
      to: { path: '^infra/' },
    },
    {
      name: 'orchestrators-no-sdk',
      comment:
        'Orchestrators replay: no package but durable-functions, whose value imports .oxlintrc.json limits to types (RetryOptions comes from functions/durableCore.ts).',
      severity: 'error',
      from: { path: '^functions/orchestrators/' },
      to: {
        dependencyTypes: ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown', 'core'],
        pathNot: '^node_modules/durable-functions/',
      },
    },
    {
      name: 'orchestrators-no-io',
      comment:
        'Orchestrators replay: nothing they reach may do I/O or read the environment (stores, email, config, Cosmos, ACS, node built-ins). Call an activity.',
      severity: 'error',
      from: { path: '^functions/orchestrators/', pathNot: '\\.index\\.ts$' },
      to: {
        reachable: true,
        path: [
          '^shared/(store|email|config)',
          '^functions/(activities|http|timers|events|compose)/',
          'node_modules/(@azure/cosmos|@azure/communication-email|@azure/identity)/',
        ],
      },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    includeOnly: '^(functions|shared|infra|node_modules)',
    exclude: { path: '\\.d\\.ts$' },
    parser: 'swc',
    tsPreCompilationDeps: false,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.cjs', '.mjs', '.json'] },
  },
};
