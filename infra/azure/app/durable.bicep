metadata name = 'Durable Task Scheduler'
metadata description = 'The default Durable Functions backend: a scheduler (Consumption SKU) with one task hub named like DURABLE_TASK_HUB_NAME. The app reaches it with its managed identity (Durable Task Data Contributor, app/rbac.bicep).'

@description('Required. Name of the scheduler (3-64 letters, digits and hyphens).')
@minLength(3)
@maxLength(64)
param name string

@description('Optional. Location of the scheduler: the Function App\'s region.')
param location string = resourceGroup().location

@description('Optional. Tags of the scheduler.')
param tags object = {}

@description('Required. Task hub name: the app setting DURABLE_TASK_HUB_NAME, which host.json\'s hubName reads.')
param taskHubName string

@description('Optional. Consumption (pay per action, nothing idle) or Dedicated (capacity units billed per hour).')
@allowed([
  'Consumption'
  'Dedicated'
])
param skuName string = 'Consumption'

resource scheduler 'Microsoft.DurableTask/schedulers@2025-11-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    sku: {
      name: skuName
    }
    // An empty allow list denies every caller; without a virtual network the app calls from
    // Flex's shared outbound addresses, so access is decided by Entra ID and the role alone.
    ipAllowlist: [
      '0.0.0.0/0'
    ]
  }
}

resource taskHub 'Microsoft.DurableTask/schedulers/taskHubs@2025-11-01' = {
  parent: scheduler
  name: taskHubName
}

@description('The name of the scheduler.')
output name string = scheduler.name

@description('The scheduler endpoint (https://<name>.<region>.durabletask.io), for the connection string.')
output endpoint string = scheduler.properties.endpoint

@description('The task hub\'s page in the Durable Task Scheduler dashboard (sign in with an identity that holds Durable Task Data Contributor).')
output dashboardUrl string = 'https://dashboard.durabletask.io/subscriptions/${subscription().subscriptionId}/schedulers/${scheduler.name}/taskhubs/${taskHub.name}?endpoint=${uriComponent(scheduler.properties.endpoint)}&tenantId=${tenant().tenantId}'
