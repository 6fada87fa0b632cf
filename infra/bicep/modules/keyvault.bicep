// Key Vault (RBAC authorization) holding the service's secrets: the key-encryption key for mesh CA private keys
// and the paging token key. The service's identity reads them through the Secrets Store CSI driver.

@description('Vault name (3-24 characters, globally unique).')
@minLength(3)
@maxLength(24)
param name string

@description('Azure region.')
param location string

@description('Purge protection (cannot be turned off again); on in production.')
param enablePurgeProtection bool = true

@description('Principal (object) id of the service\'s managed identity.')
param readerPrincipalId string

@description('Base64 of a random 256-bit AES key (openssl rand -base64 32); empty = leave the secret as it is.')
@secure()
param keyEncryptionKey string = ''

@description('Random HMAC key for $skipTokens (openssl rand -base64 32); empty = leave the secret as it is.')
@secure()
param pagingTokenKey string = ''

@description('Log Analytics workspace for audit logs.')
param workspaceId string

@description('Tags for every resource.')
param tags object = {}

var keyVaultSecretsUserRoleId = '4633458b-17de-408a-b874-0445c86b69e6'

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: enablePurgeProtection ? true : null
    publicNetworkAccess: 'Enabled'
  }
}

// Every deployment with a new value adds a new secret version; the previous versions stay readable.
resource keyEncryptionKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(keyEncryptionKey)) {
  parent: vault
  name: 'fleetmesh-key-encryption-key'
  properties: {
    value: keyEncryptionKey
    contentType: 'application/octet-stream;base64'
  }
}

resource pagingTokenKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(pagingTokenKey)) {
  parent: vault
  name: 'fleetmesh-paging-token-key'
  properties: {
    value: pagingTokenKey
    contentType: 'application/octet-stream;base64'
  }
}

resource secretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, readerPrincipalId, keyVaultSecretsUserRoleId)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUserRoleId)
    principalId: readerPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: vault
  properties: {
    workspaceId: workspaceId
    logs: [
      {
        categoryGroup: 'audit'
        enabled: true
      }
    ]
    metrics: [
      {
        category: 'AllMetrics'
        enabled: true
      }
    ]
  }
}

output id string = vault.id
output name string = vault.name
output uri string = vault.properties.vaultUri
