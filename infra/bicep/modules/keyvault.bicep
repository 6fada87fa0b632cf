// Key Vault (RBAC authorization) holding the service's secrets: the key-encryption key for mesh CA private keys
// and the paging token key, and the TLS certificate of ARM's endpoint. Reachable only through a private endpoint in
// the VNet (plus, while certificates are imported, the operator addresses given). The service's identity reads the
// secrets through the Secrets Store CSI driver; the application routing add-on reads the certificate.

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

@description('Base64 of a random 256-bit AES key (openssl rand -base64 32); written only while keyEncryptionKeyVersion is empty.')
@secure()
param keyEncryptionKey string = ''

@description('The pinned version of the key-encryption key secret; once set, the key parameter is ignored.')
param keyEncryptionKeyVersion string = ''

@description('Subnet of the private endpoint.')
param privateEndpointSubnetId string

@description('Private DNS zone privatelink.vaultcore.azure.net linked to the VNet.')
param privateDnsZoneId string

@description('Public addresses (CIDR) allowed in besides the private endpoint, e.g. an operator importing the TLS certificate; empty = none.')
param operatorIpRanges array = []

@description('Object id of the application routing add-on\'s identity, which reads the TLS certificate.')
param certificateReaderPrincipalId string

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
    publicNetworkAccess: empty(operatorIpRanges) ? 'Disabled' : 'Enabled'
    networkAcls: {
      defaultAction: 'Deny'
      bypass: 'None'
      ipRules: [for range in operatorIpRanges: {
        value: range
      }]
    }
  }
}

resource privateEndpoint 'Microsoft.Network/privateEndpoints@2024-05-01' = {
  name: '${name}-pe'
  location: location
  tags: tags
  properties: {
    subnet: {
      id: privateEndpointSubnetId
    }
    privateLinkServiceConnections: [
      {
        name: 'vault'
        properties: {
          privateLinkServiceId: vault.id
          groupIds: [
            'vault'
          ]
        }
      }
    ]
  }
}

resource privateDnsZoneGroup 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups@2024-05-01' = {
  parent: privateEndpoint
  name: 'vault'
  properties: {
    privateDnsZoneConfigs: [
      {
        name: 'privatelink-vaultcore'
        properties: {
          privateDnsZoneId: privateDnsZoneId
        }
      }
    ]
  }
}

// A new secret version under running pods would be a different key: mesh CA keys written under the old one could no
// longer be read, and replicas would disagree. So the key is written once, its version is an output the chart pins,
// and after that version is recorded in the parameters nothing here writes the secret again.
var writeKeyEncryptionKey = !empty(keyEncryptionKey) && empty(keyEncryptionKeyVersion)

resource keyEncryptionKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (writeKeyEncryptionKey) {
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

resource certificateUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, certificateReaderPrincipalId, keyVaultSecretsUserRoleId)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUserRoleId)
    principalId: certificateReaderPrincipalId
    principalType: 'ServicePrincipal'
  }
}

output id string = vault.id
output name string = vault.name
output uri string = vault.properties.vaultUri
// Empty when no key was written and none is pinned: the chart then refuses to install (see operate.md).
output keyEncryptionKeyVersion string = !empty(keyEncryptionKeyVersion) ? keyEncryptionKeyVersion : (writeKeyEncryptionKey ? last(split(keyEncryptionKeySecret.properties.secretUriWithVersion, '/')) : '')
