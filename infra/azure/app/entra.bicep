metadata name = 'Entra app registrations'
metadata description = 'The API\'s and the invitation landing page\'s app registrations and their service principals, declared with the Microsoft Graph Bicep extension, so `azd up` alone gives a working API. Either one is skipped when its client id is given (tenants whose policy forbids creating applications).'

extension microsoftGraphV1

@description('Required. Seeds the unique names and the identifier URI (the azd resource token).')
param resourceToken string

@description('Required. The app\'s public base URL; the landing page returns to <it>/api/signin/return.')
param publicBaseUrl string

@description('Optional. Client id of an existing API registration; empty = create one here.')
param existingApiClientId string = ''

@description('Optional. Identifier URI of that existing API registration (its scopes live under it). Default: api://<existingApiClientId>.')
param existingApiIdentifierUri string = ''

@description('Optional. Client id of an existing landing page registration; empty = create one here.')
param existingSigninClientId string = ''

@description('Optional. Prefix of the display names.')
param displayNamePrefix string = 'Reseller Connect'

@description('Required. Partner roles (shared/auth/roles.ts partnerRoles): app roles of the API, in the roles claim.')
param partnerRoles array

@description('Required. Delegated scopes the API exposes (shared/auth/scopes.ts allApiScopes), each { value, adminConsentDisplayName, adminConsentDescription }.')
param apiScopes array

var createApi = empty(existingApiClientId)
var createSignin = empty(existingSigninClientId)
// A name, not the app id, so the API can be declared without waiting for its own id and the
// landing page's registration does not depend on the API's. Multi-tenant apps accept
// api://<tenant id>/<string> as an identifier URI without a verified domain.
var apiIdentifierUri = createApi
  ? 'api://${tenant().tenantId}/reseller-connect-${resourceToken}'
  : (empty(existingApiIdentifierUri) ? 'api://${existingApiClientId}' : existingApiIdentifierUri)

// The landing page: a single-page application (authorization code + PKCE), multi-tenant. It asks
// for the API's Invitations.Answer scope at sign-in (dynamic consent), so it declares no
// requiredResourceAccess and does not depend on the API's registration.
resource signinApp 'Microsoft.Graph/applications@v1.0' = if (createSignin) {
  uniqueName: 'reseller-connect-signin-${resourceToken}'
  displayName: '${displayNamePrefix} invitations'
  signInAudience: 'AzureADMultipleOrgs'
  spa: {
    redirectUris: [
      '${publicBaseUrl}/api/signin/return'
    ]
  }
  web: {
    implicitGrantSettings: {
      enableAccessTokenIssuance: false
      enableIdTokenIssuance: false
    }
  }
}

resource signinSp 'Microsoft.Graph/servicePrincipals@v1.0' = if (createSignin) {
  appId: signinApp.appId
}

var signinClientId = createSignin ? signinApp.appId : existingSigninClientId

// The API: v2 access tokens (aud = its client id), two delegated scopes, the partner app roles, the
// email and tenant_ctry claims and directory roles (wids). The landing page is a known client, so
// one consent to it provisions the API in the customer's tenant too.
resource apiApp 'Microsoft.Graph/applications@v1.0' = if (createApi) {
  uniqueName: 'reseller-connect-api-${resourceToken}'
  displayName: '${displayNamePrefix} API'
  signInAudience: 'AzureADMultipleOrgs'
  identifierUris: [
    apiIdentifierUri
  ]
  groupMembershipClaims: 'DirectoryRole'
  api: {
    requestedAccessTokenVersion: 2
    knownClientApplications: [
      signinClientId
    ]
    oauth2PermissionScopes: [
      for s in apiScopes: {
        id: guid(resourceToken, 'scope', s.value)
        value: s.value
        type: 'User'
        isEnabled: true
        adminConsentDisplayName: s.adminConsentDisplayName
        adminConsentDescription: s.adminConsentDescription
        userConsentDisplayName: s.adminConsentDisplayName
        userConsentDescription: s.adminConsentDescription
      }
    ]
  }
  appRoles: [
    for r in partnerRoles: {
      id: guid(resourceToken, 'appRole', r)
      value: r
      displayName: r
      description: 'Partner role ${r}'
      allowedMemberTypes: [
        'User'
      ]
      isEnabled: true
    }
  ]
  optionalClaims: {
    accessToken: [
      {
        name: 'email'
        essential: false
      }
      {
        name: 'tenant_ctry'
        essential: false
      }
    ]
  }
}

resource apiSp 'Microsoft.Graph/servicePrincipals@v1.0' = if (createApi) {
  appId: apiApp.appId
}

@description('The API\'s client id: the aud of its v2 access tokens (AUTH_AUDIENCE).')
output apiClientId string = createApi ? apiApp.appId : existingApiClientId

@description('The API\'s identifier URI; scopes are <it>/<scope>.')
output apiIdentifierUri string = apiIdentifierUri

@description('The landing page\'s client id (SIGNIN_CLIENT_ID).')
output signinClientId string = signinClientId
