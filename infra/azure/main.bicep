metadata name = 'reseller-connect on Azure'
metadata description = 'What `azd up` deploys: a Flex Consumption Function App with one managed identity, its storage and Durable task hub, Cosmos DB, email through Azure Communication Services, and monitoring.'

targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('Required. azd environment name; seeds every resource name.')
param environmentName string

// Regions offering Flex Consumption, as listed on 2026-12-06 from the Azure-Samples
// functions-quickstart-typescript-azd template (infra/main.bicep at cba3922, 2026-02-24; the list
// last changed 2025-05-07), without the canary region eastus2euap. Flex adds regions over time:
// `az functionapp list-flexconsumption-locations` gives today's list; add a region here to use it.
@minLength(1)
@description('Required. Region of every regional resource; it must offer Flex Consumption.')
@allowed([
  'australiaeast'
  'australiasoutheast'
  'brazilsouth'
  'canadacentral'
  'centralindia'
  'centralus'
  'eastasia'
  'eastus'
  'eastus2'
  'francecentral'
  'germanywestcentral'
  'italynorth'
  'japaneast'
  'koreacentral'
  'northcentralus'
  'northeurope'
  'norwayeast'
  'southafricanorth'
  'southcentralus'
  'southeastasia'
  'southindia'
  'spaincentral'
  'swedencentral'
  'uaenorth'
  'uksouth'
  'ukwest'
  'westcentralus'
  'westeurope'
  'westus'
  'westus2'
  'westus3'
])
@metadata({ azd: { type: 'location' } })
param location string

@description('Optional. Object ID of whoever runs azd (AZURE_PRINCIPAL_ID), granted data access for local runs against the real services.')
param principalId string = ''

@description('Optional. Principal type of principalId.')
@allowed([
  'User'
  'ServicePrincipal'
])
param principalType string = 'User'

// ---- Function App --------------------------------------------------------------------------
@description('Optional. Always-ready instances for the HTTP functions (0 = scale to zero, no idle cost).')
@minValue(0)
param alwaysReadyHttpInstances int = 0

@description('Optional. Upper bound of scale-out.')
@minValue(1)
param maximumInstanceCount int = 40

// ---- Cosmos DB ------------------------------------------------------------------------------
@description('Optional. Serverless Cosmos DB (default) or provisioned autoscale throughput.')
param cosmosServerless bool = true

@description('Optional. Database name (COSMOS_DATABASE).')
param cosmosDatabaseName string = 'resellerconnect'

// ---- Email ----------------------------------------------------------------------------------
@description('Optional. Geography where Communication Services keeps its data.')
param emailDataLocation string = 'Europe'

@description('Optional. AzureManaged (default, no DNS work) or CustomerManaged (your domain).')
@allowed([
  'AzureManaged'
  'CustomerManaged'
])
param emailDomainManagement string = 'AzureManaged'

@description('Conditional. Your sending domain when emailDomainManagement is CustomerManaged.')
param emailCustomDomainName string = ''

@description('Optional. Link the customer-managed domain (only once its DNS records are verified).')
param emailLinkCustomDomain bool = false

@description('Optional. Sends per minute the app paces itself under. Default: the subscription quota of the domain type.')
param emailQuotaPerMinute int?

@description('Optional. Sends per hour the app paces itself under. Default: the subscription quota of the domain type.')
param emailQuotaPerHour int?

@description('Optional. Sends (new invitations and resends) one partner may make per clock hour, shared by all instances; 0 = unlimited. Default: half the hourly email quota (50 for a custom domain, 5 for an Azure-managed one), so no one partner uses up the app\'s hour.')
@minValue(0)
param inviterSendsPerHour int?

// ---- Token verification and sign-in (Microsoft Entra ID) -----------------------------------
@description('Optional. Client ID of an existing API app registration (the aud of its v2 access tokens). Empty (default): app/entra.bicep creates the registration with the Microsoft Graph Bicep extension.')
param authAudience string = ''

@description('Optional. Identifier URI of that existing API registration, when it is not api://<authAudience>.')
param authIdentifierUri string = ''

@description('Optional. Token issuer. Default: Entra v2 of any tenant, `https://login.microsoftonline.com/{tenantid}/v2.0` (the token\'s tid fills {tenantid}), as customers sign in from their own tenants.')
param authIssuer string = ''

@description('Optional. JWKS URI. Default: the v2.0 signing keys Entra shares across tenants (organizations).')
param authJwksUri string = ''

@description('Optional. Authority invitees sign in at; the landing page uses its Entra v2 endpoints <authority>/oauth2/v2.0/authorize and /token. Default: organizations (work or school accounts of any tenant).')
param signinAuthority string = ''

@description('Optional. Client ID of an existing landing page registration (a single-page application whose spa redirect URI is <public base URL>/api/signin/return). Empty (default): app/entra.bicep creates it.')
param signinClientId string = ''

@description('Optional. Scope the landing page asks for, exposed by the API app registration. Default: <API identifier URI>/Invitations.Answer.')
param signinScope string = ''

@description('Optional. Tenant of the program operator (PROGRAM_OPERATOR_TENANT_ID). Default: the tenant deployed to.')
param programOperatorTenantId string = ''

// ---- App behaviour --------------------------------------------------------------------------
@description('Optional. Base URL of links in emails. Default: the Function App\'s own https URL.')
param publicBaseUrl string = ''

@description('Optional. Comma-separated browser origins allowed to POST accept/decline.')
param allowedOrigins string = ''

@description('Optional. NCRONTAB schedule of the sweeper.')
param sweepSchedule string = '0 */15 * * * *'

@description('Optional. Days before expiry when the reminder is sent.')
@minValue(0)
@maxValue(89)
param reminderDaysBeforeExpiry int = 3

@description('Optional. Days before a grant\'s end when its expiry notices are sent, comma-separated; 0 sends none.')
param grantExpiryNoticeDays string = '30,7,1'

@description('Required. Key (≥ 32 characters) the invitation link tokens are derived from; keep it stable, rotating it invalidates open links. It goes to Key Vault only (app/keyvault.bicep); the app setting is a Key Vault reference.')
@secure()
@minLength(32)
param invitationTokenSecret string

@description('Optional. Durable task hub name: letters and digits, starting with a letter.')
@minLength(3)
@maxLength(45)
param durableTaskHubName string = 'resellerconnect'

@description('Optional. Durable Functions backend: DurableTaskScheduler (default: managed, identity-based, a dashboard) or AzureStorage (the host\'s storage account, no extra resource). One package serves both (app/api.bicep).')
@allowed([
  'DurableTaskScheduler'
  'AzureStorage'
])
param durableBackend string = 'DurableTaskScheduler'

@description('Optional. Always-ready instances of the `durable` trigger group (0 = scale to zero).')
@minValue(0)
param alwaysReadyDurableInstances int = 0

@description('Optional. Role the app sends email with. Custom (default): a role definition with only the send actions, which needs Owner or User Access Administrator to create. BuiltIn: Communication and Email Service Owner, broader (it can list and regenerate keys).')
@allowed([
  'Custom'
  'BuiltIn'
])
param emailSenderRole string = 'Custom'

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = { 'azd-env-name': environmentName }
var functionAppName = 'func-api-${resourceToken}'
var baseUrl = empty(publicBaseUrl) ? 'https://${functionAppName}.azurewebsites.net' : publicBaseUrl
var useScheduler = durableBackend == 'DurableTaskScheduler'
var deploymentContainerName = 'app-package-${take(functionAppName, 32)}-${take(toLower(uniqueString(functionAppName, resourceToken)), 7)}'
// loginEndpoint ends with a slash: https://login.microsoftonline.com/ in the public cloud.
var entraLogin = environment().authentication.loginEndpoint
// ACS subscription quotas (learn: communication-services/concepts/service-limits).
var emailQuota = emailDomainManagement == 'AzureManaged' ? { perMinute: 5, perHour: 10 } : { perMinute: 30, perHour: 100 }
var emailPerHour = emailQuotaPerHour ?? emailQuota.perHour

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

// Sending email with Entra ID needs these three management actions on the Communication Services
// resource (Learn, communication-services "Use a custom role to limit permissions ... to send
// emails"); the built-in Communication and Email Service Owner also lists and regenerates keys.
resource emailSenderRoleDefinition 'Microsoft.Authorization/roleDefinitions@2022-04-01' = if (emailSenderRole == 'Custom') {
  name: guid(subscription().id, rg.id, 'reseller-connect-email-sender')
  properties: {
    roleName: 'Reseller Connect email sender (${rg.name})'
    description: 'Send email through the Communication Services resource of ${rg.name}, nothing else.'
    type: 'CustomRole'
    permissions: [
      {
        actions: [
          'Microsoft.Communication/CommunicationServices/Read'
          'Microsoft.Communication/CommunicationServices/Write'
          'Microsoft.Communication/EmailServices/write'
        ]
        notActions: []
        dataActions: []
        notDataActions: []
      }
    ]
    assignableScopes: [
      rg.id
    ]
  }
}
var communicationAndEmailServiceOwner = '09976791-48a7-449e-bb21-39d1a415f350'

// The two app registrations (or the client ids given for them).
module entra 'app/entra.bicep' = {
  name: 'entra'
  scope: rg
  params: {
    resourceToken: resourceToken
    publicBaseUrl: baseUrl
    existingApiClientId: authAudience
    existingApiIdentifierUri: authIdentifierUri
    existingSigninClientId: signinClientId
    partnerRoles: [
      'GlobalAdmin'
      'AdminAgent'
      'SalesAgent'
      'UserManagementAdmin'
      'HelpdeskAgent'
    ]
    apiScopes: [
      {
        value: 'Invitations.Answer'
        adminConsentDisplayName: 'Answer partner invitations'
        adminConsentDescription: 'Answer partner invitations on behalf of the signed-in user.'
      }
      {
        value: 'Relationships.Manage'
        adminConsentDisplayName: 'Manage reseller relationships'
        adminConsentDescription: 'Manage reseller relationships, invitations and delegated admin grants on behalf of the signed-in user.'
      }
    ]
  }
}

// The invitation token secret, reached only through secure parameters.
module keyVault 'app/keyvault.bicep' = {
  name: 'key-vault'
  scope: rg
  params: {
    name: 'kv-${resourceToken}'
    location: location
    tags: tags
    invitationTokenSecret: invitationTokenSecret
  }
}

// The default durable backend.
module durable 'app/durable.bicep' = if (useScheduler) {
  name: 'durable-task-scheduler'
  scope: rg
  params: {
    name: 'dts-${resourceToken}'
    location: location
    tags: tags
    taskHubName: durableTaskHubName
  }
}

// The app's only identity: storage, Cosmos DB, ACS and telemetry all trust it (see rbac.bicep).
module apiIdentity 'br/public:avm/res/managed-identity/user-assigned-identity:0.6.0' = {
  name: 'api-identity'
  scope: rg
  params: {
    name: 'id-api-${resourceToken}'
    location: location
    tags: tags
  }
}

// The app's configuration: exactly the keys of shared/config.ts's configSchema, minus the
// local-only ones listed in test/unit/infra-consistency.test.ts. Runtime settings (storage,
// telemetry) live in app/api.bicep.
var appSettings = {
  COSMOS_ENDPOINT: cosmos.outputs.endpoint
  COSMOS_DATABASE: cosmosDatabaseName
  AZURE_CLIENT_ID: apiIdentity.outputs.clientId
  ACS_ENDPOINT: email.outputs.endpoint
  EMAIL_SENDER_ADDRESS: email.outputs.senderAddress
  EMAIL_QUOTA_PER_MINUTE: string(emailQuotaPerMinute ?? emailQuota.perMinute)
  EMAIL_QUOTA_PER_HOUR: string(emailPerHour)
  // An unlimited email quota (0) leaves partners unlimited too, unless a limit is given.
  INVITER_SENDS_PER_HOUR: string(inviterSendsPerHour ?? (emailPerHour == 0 ? 0 : max(1, emailPerHour / 2)))
  AUTH_ISSUER: empty(authIssuer) ? '${entraLogin}{tenantid}/v2.0' : authIssuer
  AUTH_AUDIENCE: entra.outputs.apiClientId
  AUTH_JWKS_URI: empty(authJwksUri) ? '${entraLogin}organizations/discovery/v2.0/keys' : authJwksUri
  PUBLIC_BASE_URL: baseUrl
  ALLOWED_ORIGINS: allowedOrigins
  SIGNIN_AUTHORITY: empty(signinAuthority) ? '${entraLogin}organizations' : signinAuthority
  SIGNIN_CLIENT_ID: entra.outputs.signinClientId
  SIGNIN_SCOPE: empty(signinScope) ? '${entra.outputs.apiIdentifierUri}/Invitations.Answer' : signinScope
  SWEEP_SCHEDULE: sweepSchedule
  REMINDER_DAYS_BEFORE_EXPIRY: string(reminderDaysBeforeExpiry)
  GRANT_EXPIRY_NOTICE_DAYS: grantExpiryNoticeDays
  DURABLE_TASK_HUB_NAME: durableTaskHubName
  // A Key Vault reference, not the secret: the platform resolves it with the user-assigned identity
  // (keyVaultReferenceIdentity, app/api.bicep), which holds Key Vault Secrets User (app/rbac.bicep).
  INVITATION_TOKEN_SECRET: '@Microsoft.KeyVault(SecretUri=${keyVault.outputs.invitationTokenSecretUri})'
  // The program's operator: the deploying tenant unless another is named.
  PROGRAM_OPERATOR_TENANT_ID: empty(programOperatorTenantId) ? tenant().tenantId : programOperatorTenantId
}

module plan 'br/public:avm/res/web/serverfarm:0.7.0' = {
  name: 'plan'
  scope: rg
  params: {
    name: 'plan-${resourceToken}'
    location: location
    tags: tags
    skuName: 'FC1'
    kind: 'functionapp'
    reserved: true
    zoneRedundant: false
  }
}

// Host state, the Durable task hub (blobs, queues, tables) and the deployment package. Shared keys
// are off: everything goes through the managed identity.
module storage 'br/public:avm/res/storage/storage-account:0.33.0' = {
  name: 'storage'
  scope: rg
  params: {
    name: 'st${resourceToken}'
    location: location
    tags: tags
    skuName: 'Standard_LRS'
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    dnsEndpointType: 'Standard'
    minimumTlsVersion: 'TLS1_2'
    // No virtual network: the app reaches storage over the public endpoint, with Entra ID.
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
    blobServices: {
      containers: [
        {
          name: deploymentContainerName
        }
      ]
    }
  }
}

module logAnalytics 'br/public:avm/res/operational-insights/workspace:0.16.1' = {
  name: 'log-analytics'
  scope: rg
  params: {
    name: 'log-${resourceToken}'
    location: location
    tags: tags
    dataRetention: 30
    forceCmkForQuery: false
  }
}

module monitoring 'br/public:avm/res/insights/component:0.8.0' = {
  name: 'app-insights'
  scope: rg
  params: {
    name: 'appi-${resourceToken}'
    location: location
    tags: tags
    workspaceResourceId: logAnalytics.outputs.resourceId
    // Entra-only ingestion (the identity holds Monitoring Metrics Publisher); client IPs masked.
    disableLocalAuth: true
    disableIpMasking: false
    retentionInDays: 30
  }
}

module cosmos 'app/cosmos.bicep' = {
  name: 'cosmos'
  scope: rg
  params: {
    name: 'cosmos-${resourceToken}'
    location: location
    tags: tags
    databaseName: cosmosDatabaseName
    serverless: cosmosServerless
  }
}

module email 'app/email.bicep' = {
  name: 'email'
  scope: rg
  params: {
    emailServiceName: 'ecs-${resourceToken}'
    communicationServiceName: 'acs-${resourceToken}'
    tags: tags
    dataLocation: emailDataLocation
    domainManagement: emailDomainManagement
    customDomainName: emailCustomDomainName
    linkCustomDomain: emailLinkCustomDomain
  }
}

module rbac 'app/rbac.bicep' = {
  name: 'rbac'
  scope: rg
  params: {
    appPrincipalId: apiIdentity.outputs.principalId
    deployerPrincipalId: principalId
    deployerPrincipalType: principalType
    storageAccountName: storage.outputs.name
    applicationInsightsName: monitoring.outputs.name
    cosmosAccountName: cosmos.outputs.name
    communicationServiceName: email.outputs.name
    emailRoleDefinitionGuid: emailSenderRole == 'Custom' ? emailSenderRoleDefinition.name : communicationAndEmailServiceOwner
    keyVaultName: keyVault.outputs.name
    durableBackend: durableBackend
    durableTaskSchedulerName: useScheduler ? durable!.outputs.name : ''
  }
}

module api 'app/api.bicep' = {
  name: 'api'
  scope: rg
  params: {
    name: functionAppName
    location: location
    tags: tags
    appServicePlanId: plan.outputs.resourceId
    identityId: apiIdentity.outputs.resourceId
    identityClientId: apiIdentity.outputs.clientId
    storageAccountName: storage.outputs.name
    deploymentStorageContainerName: deploymentContainerName
    applicationInsightsName: monitoring.outputs.name
    appSettings: appSettings
    durableBackend: durableBackend
    durableTaskSchedulerEndpoint: useScheduler ? durable!.outputs.endpoint : ''
    maximumInstanceCount: maximumInstanceCount
    alwaysReadyHttpInstances: alwaysReadyHttpInstances
    alwaysReadyDurableInstances: alwaysReadyDurableInstances
  }
  // The host starts as soon as the app exists: its identity must already hold its roles.
  dependsOn: [
    rbac
  ]
}

// azd stores these in .azure/<env>/.env; `azd env get-values` feeds a local run (docs/deploy.md).
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output SERVICE_API_NAME string = api.outputs.name
output AZURE_FUNCTION_NAME string = api.outputs.name
output SERVICE_API_URI string = 'https://${api.outputs.defaultHostname}'
output COSMOS_ENDPOINT string = cosmos.outputs.endpoint
output COSMOS_DATABASE string = cosmosDatabaseName
output ACS_ENDPOINT string = email.outputs.endpoint
output EMAIL_SENDER_ADDRESS string = email.outputs.senderAddress
// The system topic azd's postdeploy hook subscribes the EmailDeliveryReport function to (azure.yaml).
output EMAIL_EVENTS_TOPIC_NAME string = email.outputs.eventsTopicName
output APPLICATIONINSIGHTS_CONNECTION_STRING string = monitoring.outputs.connectionString
output ENTRA_API_CLIENT_ID string = entra.outputs.apiClientId
output ENTRA_SIGNIN_CLIENT_ID string = entra.outputs.signinClientId
output ENTRA_API_IDENTIFIER_URI string = entra.outputs.apiIdentifierUri
output KEY_VAULT_NAME string = keyVault.outputs.name
output DURABLE_BACKEND string = durableBackend
output DURABLE_TASK_SCHEDULER_DASHBOARD_URL string = useScheduler ? durable!.outputs.dashboardUrl : ''
