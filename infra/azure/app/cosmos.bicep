metadata name = 'Cosmos DB for NoSQL'
metadata description = 'Account reachable by Microsoft Entra ID only (local auth disabled), serverless by default, with the database and every container the code declares.'

@description('Required. Name of the Cosmos DB account.')
param name string

@description('Optional. Location for all resources.')
param location string = resourceGroup().location

@description('Optional. Tags of the resources.')
param tags object = {}

@description('Required. Name of the database (the app reads it as COSMOS_DATABASE).')
param databaseName string

@description('Optional. Serverless (billed per request, nothing when idle) when true; provisioned autoscale throughput shared by the database when false.')
param serverless bool = true

@description('Optional. Autoscale maximum RU/s of the database; used only when serverless is false.')
@minValue(1000)
param autoscaleMaxThroughput int = 1000

// Mirror of shared/store/containers.ts: one entry per container, same id, partition key path,
// excluded paths and default TTL (both optional, as in the TypeScript). test/unit/infra-consistency.test.ts fails when
// the two differ, so a container added in code must be added here too. Keep the entries literal:
// the test parses them.
var containers = [
  {
    name: 'durableInstances'
    partitionKeyPath: '/id'
    excludedPaths: [
      '/history/*'
      '/inbox/*'
      '/work/*'
      '/input/*'
      '/output/*'
      '/customStatus/*'
    ]
  }
  {
    name: 'partners'
    partitionKeyPath: '/tenantId'
  }
  {
    name: 'invitations'
    partitionKeyPath: '/id'
    excludedPaths: [
      '/email/*'
      '/timeline/*'
    ]
  }
  {
    name: 'invitationIndex'
    partitionKeyPath: '/partnerTenantId'
  }
  {
    name: 'dueItems'
    partitionKeyPath: '/bucket'
  }
  {
    name: 'relationships'
    partitionKeyPath: '/partnerTenantId'
  }
  {
    name: 'customers'
    partitionKeyPath: '/tenantId'
  }
  {
    name: 'partnerships'
    partitionKeyPath: '/providerTenantId'
  }
  {
    name: 'resellerPartnerships'
    partitionKeyPath: '/resellerTenantId'
  }
  {
    name: 'customerCreations'
    partitionKeyPath: '/providerTenantId'
  }
  {
    name: 'domainPrefixes'
    partitionKeyPath: '/id'
  }
  {
    name: 'inviterSends'
    partitionKeyPath: '/partnerTenantId'
    // Seconds: two days, so past hours' send counters vanish on their own.
    defaultTtl: 172800
  }
  {
    name: 'emailQuota'
    partitionKeyPath: '/id'
    // Seconds: a day, past the longest quota window, so a ledger left alone that long goes.
    defaultTtl: 86400
  }
  {
    name: 'program'
    partitionKeyPath: '/scope'
  }
  {
    name: 'roleTemplates'
    partitionKeyPath: '/partnerTenantId'
  }
  {
    name: 'invitationBatches'
    partitionKeyPath: '/batchId'
    excludedPaths: [
      '/rows/*'
      '/chunks/*'
    ]
  }
  {
    name: 'audit'
    partitionKeyPath: '/tenantId'
  }
  {
    name: 'webhooks'
    partitionKeyPath: '/tenantId'
  }
  {
    name: 'webhookDeliveries'
    partitionKeyPath: '/endpointId'
    excludedPaths: [
      '/payload/?'
    ]
    // Seconds: 30 days, the delivery log's retention.
    defaultTtl: 2592000
  }
  {
    name: 'emailOperations'
    partitionKeyPath: '/id'
    // Seconds: 30 days; ACS delivery reports come within days of the send.
    defaultTtl: 2592000
  }
]

// The default policy (everything indexed, consistent) minus the container's excluded paths;
// _etag is excluded as in Cosmos DB's own default policy.
var sqlContainers = map(containers, c => {
  name: c.name
  paths: [
    c.partitionKeyPath
  ]
  kind: 'Hash'
  // Hash v2: partition key values up to 2 KB hash in full; the recommended version for new containers.
  version: 2
  // Absent (null): the module's default, -1 (TTL on, nothing expires unless it says so).
  defaultTtl: c.?defaultTtl
  indexingPolicy: {
    indexingMode: 'consistent'
    automatic: true
    includedPaths: [
      {
        path: '/*'
      }
    ]
    excludedPaths: map(concat(c.?excludedPaths ?? [], ['/"_etag"/?']), p => { path: p })
  }
})

module account 'br/public:avm/res/document-db/database-account:0.20.1' = {
  name: 'cosmos-account'
  params: {
    name: name
    location: location
    tags: tags
    // Microsoft Entra ID only: the app uses its managed identity, keys cannot be used at all.
    disableLocalAuthentication: true
    disableKeyBasedMetadataWriteAccess: true
    capabilitiesToAdd: serverless ? ['EnableServerless'] : []
    // A single region; zone redundancy is a cost option, not a default.
    zoneRedundant: false
    // Periodic backup (two copies kept at no charge) works for serverless and provisioned alike.
    backupPolicyType: 'Periodic'
    // The Flex Consumption app has no virtual network here, so it reaches Cosmos DB over the public
    // endpoint; access is decided by Entra ID and the data-plane role in rbac.bicep.
    networkRestrictions: {
      publicNetworkAccess: 'Enabled'
      networkAclBypass: 'None'
      ipRules: []
      virtualNetworkRules: []
    }
    sqlDatabases: [
      {
        name: databaseName
        autoscaleSettingsMaxThroughput: serverless ? null : autoscaleMaxThroughput
        containers: sqlContainers
      }
    ]
  }
}

@description('The name of the Cosmos DB account.')
output name string = account.outputs.name

@description('The resource ID of the Cosmos DB account.')
output resourceId string = account.outputs.resourceId

@description('The document endpoint (COSMOS_ENDPOINT).')
output endpoint string = account.outputs.endpoint
