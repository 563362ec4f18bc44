metadata name = 'Key Vault for the app\'s secrets'
metadata description = 'A vault with Azure RBAC authorization, soft delete and purge protection, holding the invitation token secret. The secret arrives through a secure parameter only; the app reads it through a Key Vault reference.'

@description('Required. Name of the vault (3-24 characters).')
@minLength(3)
@maxLength(24)
param name string

@description('Optional. Location of the vault.')
param location string = resourceGroup().location

@description('Optional. Tags of the vault.')
param tags object = {}

@description('Required. Key the invitation link tokens are derived from. Secure: it never shows in the deployment history or an output.')
@secure()
@minLength(32)
param invitationTokenSecret string

@description('Optional. Days a deleted vault or secret stays recoverable (7-90). With purge protection nobody can shorten it.')
@minValue(7)
@maxValue(90)
param softDeleteRetentionInDays int = 7

resource vault 'Microsoft.KeyVault/vaults@2024-11-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    // Access is decided by Azure role assignments (app/rbac.bicep), not vault access policies.
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: softDeleteRetentionInDays
    // Once on, it cannot be turned off: a deleted vault stays recoverable for the retention period.
    enablePurgeProtection: true
    // No virtual network here (as for storage and Cosmos DB): Entra ID and the roles decide.
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

resource tokenSecret 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = {
  parent: vault
  name: 'invitation-token-secret'
  properties: {
    value: invitationTokenSecret
    contentType: 'text/plain'
  }
}

@description('The name of the vault.')
output name string = vault.name

@description('The secret\'s URI without a version: the Key Vault reference follows a rotated value.')
output invitationTokenSecretUri string = tokenSecret.properties.secretUri
