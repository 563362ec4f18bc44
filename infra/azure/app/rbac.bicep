metadata name = 'Role assignments'
metadata description = 'Every role assignment of the deployment, in one place, each named with guid(scope, principal, role) so a re-provision is idempotent.'

@description('Required. Principal ID of the app\'s user-assigned managed identity.')
param appPrincipalId string

@description('Optional. Principal ID of the person (or pipeline) running azd, for local runs against the real Cosmos DB and ACS. Empty: no assignment.')
param deployerPrincipalId string = ''

@description('Optional. Principal type of the deployer.')
@allowed([
  'User'
  'ServicePrincipal'
])
param deployerPrincipalType string = 'User'

@description('Required. Storage account of the runtime and the Durable task hub.')
param storageAccountName string

@description('Required. Application Insights component.')
param applicationInsightsName string

@description('Required. Cosmos DB account.')
param cosmosAccountName string

@description('Required. Communication Services resource the app sends email through.')
param communicationServiceName string

@description('Required. Role definition (a GUID) the app gets on Communication Services to send email: the custom email sender role of main.bicep, or the built-in Communication and Email Service Owner.')
param emailRoleDefinitionGuid string

@description('Required. Key Vault holding the app\'s secrets.')
param keyVaultName string

@description('Required. Durable Functions backend: DurableTaskScheduler or AzureStorage.')
@allowed([
  'DurableTaskScheduler'
  'AzureStorage'
])
param durableBackend string

@description('Conditional. Durable Task Scheduler of the app, when durableBackend is DurableTaskScheduler.')
param durableTaskSchedulerName string = ''

// Built-in Azure role definition IDs (test/unit/infra-consistency.test.ts checks each against its
// documented name).
var roles = {
  // Host storage, Flex deployment package and Durable task hub blobs (leases included).
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  // Durable control and work-item queues.
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  // Durable instance and history tables.
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  // Telemetry ingestion with Entra ID (the component has local auth disabled).
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
  // "Communication and Email Service Owner": what the deployer gets for local runs; the app gets
  // emailRoleDefinitionGuid (main.bicep's custom send-only role unless the deployer may not create roles).
  communicationEmailOwner: '09976791-48a7-449e-bb21-39d1a415f350'
  // Reading secret values through the app's Key Vault reference.
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
  // Orchestration and activity work items on the Durable Task Scheduler (and its dashboard).
  durableTaskDataContributor: '0ad04412-c4d5-4796-b79c-f76d14c8d402'
}
// Cosmos DB data-plane role (not an Azure RBAC role): Cosmos DB Built-in Data Contributor.
var cosmosDataContributor = '00000000-0000-0000-0000-000000000002'

resource storage 'Microsoft.Storage/storageAccounts@2025-01-01' existing = {
  name: storageAccountName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource cosmos 'Microsoft.DocumentDB/databaseAccounts@2024-11-15' existing = {
  name: cosmosAccountName
}

resource communication 'Microsoft.Communication/communicationServices@2025-09-01' existing = {
  name: communicationServiceName
}

resource vault 'Microsoft.KeyVault/vaults@2024-11-01' existing = {
  name: keyVaultName
}

resource scheduler 'Microsoft.DurableTask/schedulers@2025-11-01' existing = if (durableBackend == 'DurableTaskScheduler') {
  name: durableTaskSchedulerName
}

// Blob for the host and the deployment package always; queues and tables only for an Azure Storage
// task hub.
var storageRoles = durableBackend == 'AzureStorage'
  ? [
      roles.storageBlobDataOwner
      roles.storageQueueDataContributor
      roles.storageTableDataContributor
    ]
  : [
      roles.storageBlobDataOwner
    ]

resource appStorage 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for role in storageRoles: {
    name: guid(storage.id, appPrincipalId, role)
    scope: storage
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role)
      principalId: appPrincipalId
      principalType: 'ServicePrincipal'
    }
  }
]

resource appTelemetry 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(applicationInsights.id, appPrincipalId, roles.monitoringMetricsPublisher)
  scope: applicationInsights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.monitoringMetricsPublisher)
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource appEmail 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(communication.id, appPrincipalId, emailRoleDefinitionGuid)
  scope: communication
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', emailRoleDefinitionGuid)
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource appSecrets 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, appPrincipalId, roles.keyVaultSecretsUser)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser)
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource appDurable 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (durableBackend == 'DurableTaskScheduler') {
  name: guid(scheduler.id, appPrincipalId, roles.durableTaskDataContributor)
  scope: scheduler
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.durableTaskDataContributor)
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
  }
}

// The deployer reads the task hub in the scheduler's dashboard.
resource deployerDurable 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (durableBackend == 'DurableTaskScheduler' && !empty(deployerPrincipalId)) {
  name: guid(scheduler.id, deployerPrincipalId, roles.durableTaskDataContributor)
  scope: scheduler
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.durableTaskDataContributor)
    principalId: deployerPrincipalId
    principalType: deployerPrincipalType
  }
}

resource appCosmosData 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2024-11-15' = {
  parent: cosmos
  name: guid(cosmos.id, appPrincipalId, cosmosDataContributor)
  properties: {
    roleDefinitionId: '${cosmos.id}/sqlRoleDefinitions/${cosmosDataContributor}'
    principalId: appPrincipalId
    scope: cosmos.id
  }
}

resource deployerCosmosData 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2024-11-15' = if (!empty(deployerPrincipalId)) {
  parent: cosmos
  name: guid(cosmos.id, deployerPrincipalId, cosmosDataContributor)
  properties: {
    roleDefinitionId: '${cosmos.id}/sqlRoleDefinitions/${cosmosDataContributor}'
    principalId: deployerPrincipalId
    scope: cosmos.id
  }
}

resource deployerEmail 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(deployerPrincipalId)) {
  name: guid(communication.id, deployerPrincipalId, roles.communicationEmailOwner)
  scope: communication
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.communicationEmailOwner)
    principalId: deployerPrincipalId
    principalType: deployerPrincipalType
  }
}
