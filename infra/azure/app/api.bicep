metadata name = 'Function App (Flex Consumption)'
metadata description = 'The app on a Flex Consumption plan: Node on Linux, one user-assigned identity for every dependency, app settings from main.bicep plus the runtime settings this module owns.'

@description('Required. Name of the Function App.')
param name string

@description('Optional. Location for all resources.')
param location string = resourceGroup().location

@description('Optional. Tags of the resource; azd finds the app by its azd-service-name tag.')
param tags object = {}

@description('Optional. The azure.yaml service this app hosts.')
param serviceName string = 'api'

@description('Required. Resource ID of the Flex Consumption (FC1) plan.')
param appServicePlanId string

@description('Required. Resource ID of the user-assigned managed identity.')
param identityId string

@description('Required. Client ID of that identity (AzureWebJobsStorage and Application Insights use it).')
param identityClientId string

@description('Required. Storage account for the runtime, the Durable task hub and the deployment package.')
param storageAccountName string

@description('Required. Blob container the deployment package is uploaded to.')
param deploymentStorageContainerName string

@description('Required. Application Insights component the host and the worker report to.')
param applicationInsightsName string

@description('Required. The app\'s own settings (every key of shared/config.ts, see main.bicep). One of them is a Key Vault reference, resolved with the user-assigned identity (keyVaultReferenceIdentity).')
param appSettings object

@description('Required. Durable Functions backend: DurableTaskScheduler (host.json as shipped) or AzureStorage (host.json overridden by app settings).')
@allowed([
  'DurableTaskScheduler'
  'AzureStorage'
])
param durableBackend string

@description('Conditional. Endpoint of the Durable Task Scheduler (https://<name>.<region>.durabletask.io) when durableBackend is DurableTaskScheduler.')
param durableTaskSchedulerEndpoint string = ''

// Node 22: the Flex Consumption default for Node (Learn, Get-AzFunctionAppFlexConsumptionRuntime:
// node 22, IsDefault True, end of life 2027-04-29) and the Azure-Samples quickstart's version;
// @azure/cosmos 4.10 declares node >= 22. Node 20 reached end of life on 2026-04-30. Node 24 is not
// listed here: no Flex source read for this change lists it.
@description('Optional. Node.js major version of the Flex runtime.')
@allowed([
  '22'
])
param nodeVersion string = '22'

@description('Optional. Memory per instance in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Optional. Upper bound of scale-out: caps the bill and the parallel load on Cosmos DB.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Optional. Always-ready instances for the HTTP trigger group; 0 = scale to zero (cold starts, no idle cost).')
@minValue(0)
@maxValue(20)
param alwaysReadyHttpInstances int = 0

@description('Optional. Always-ready instances for the `durable` trigger group (orchestrators, activities, entities); 0 = scale to zero. Useful with the Azure Storage backend, whose queues an idle app polls only after a scale-controller wake-up.')
@minValue(0)
@maxValue(20)
param alwaysReadyDurableInstances int = 0

resource storage 'Microsoft.Storage/storageAccounts@2025-01-01' existing = {
  name: storageAccountName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

// Settings the runtime needs (not the app): identity-based storage for the host and the Durable
// task hub (blob, queue and table endpoints), Entra-authenticated telemetry, and source-mapped
// stack traces for the esbuild bundle.
var runtimeSettings = {
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId
  AzureWebJobsStorage__blobServiceUri: storage.properties.primaryEndpoints.blob
  AzureWebJobsStorage__queueServiceUri: storage.properties.primaryEndpoints.queue
  AzureWebJobsStorage__tableServiceUri: storage.properties.primaryEndpoints.table
  APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsights.properties.ConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
  NODE_OPTIONS: '--enable-source-maps'
}

// The durable backend. host.json ships the Durable Task Scheduler provider (type azureManaged,
// connectionStringName DURABLE_TASK_SCHEDULER_CONNECTION_STRING); the same package runs on Azure
// Storage when these AzureFunctionsJobHost__ app settings override host.json (Learn: "Override
// host.json values"). maxQueuePollingInterval 10 s bounds the idle latency of the Azure Storage
// queues (default 30 s).
var durableSettings = durableBackend == 'DurableTaskScheduler'
  ? {
      DURABLE_TASK_SCHEDULER_CONNECTION_STRING: 'Endpoint=${durableTaskSchedulerEndpoint};Authentication=ManagedIdentity;ClientID=${identityClientId}'
    }
  : {
      AzureFunctionsJobHost__extensions__durableTask__storageProvider__type: 'AzureStorage'
      AzureFunctionsJobHost__extensions__durableTask__storageProvider__connectionStringName: 'AzureWebJobsStorage'
      AzureFunctionsJobHost__extensions__durableTask__storageProvider__maxQueuePollingInterval: '00:00:10'
    }

var alwaysReady = concat(
  alwaysReadyHttpInstances > 0 ? [{ name: 'http', instanceCount: alwaysReadyHttpInstances }] : [],
  alwaysReadyDurableInstances > 0 ? [{ name: 'durable', instanceCount: alwaysReadyDurableInstances }] : []
)

module site 'br/public:avm/res/web/site:0.24.0' = {
  name: '${serviceName}-flex-consumption'
  params: {
    kind: 'functionapp,linux'
    name: name
    location: location
    tags: union(tags, { 'azd-service-name': serviceName })
    serverFarmResourceId: appServicePlanId
    managedIdentities: {
      userAssignedResourceIds: [
        identityId
      ]
    }
    // Stateless functions: no affinity cookie pinning a browser to one instance.
    clientAffinityEnabled: false
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentStorageContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
        // 'http' and 'durable' are the Flex trigger groups of the HTTP and Durable functions.
        alwaysReady: alwaysReady
      }
      runtime: {
        name: 'node'
        version: nodeVersion
      }
    }
    // Key Vault references in app settings resolve with this identity (keyVaultReferenceIdentity),
    // not a system-assigned one, which the app does not have.
    keyVaultAccessIdentityResourceId: identityId
    // Flex Consumption rejects ftpsState (ARM error 51021) and alwaysOn is "Not valid" there (Learn,
    // functions-app-settings "Flex Consumption plan deprecations"); FTP is off through
    // basicPublishingCredentialsPolicies below instead. test/unit/infra-consistency.test.ts keeps
    // the deprecated keys out.
    siteConfig: {
      minTlsVersion: '1.2'
    }
    // azd deploys with an Entra token; nothing needs publishing passwords.
    basicPublishingCredentialsPolicies: [
      {
        name: 'ftp'
        allow: false
      }
      {
        name: 'scm'
        allow: false
      }
    ]
    configs: [
      {
        name: 'appsettings'
        // The Bicep is the source of truth: a setting removed here is removed from the app.
        retainCurrentAppSettings: false
        properties: union(appSettings, runtimeSettings, durableSettings)
      }
    ]
  }
}

@description('The name of the Function App.')
output name string = site.outputs.name

@description('The resource ID of the Function App.')
output resourceId string = site.outputs.resourceId

@description('The default host name of the Function App.')
output defaultHostname string = site.outputs.defaultHostname
