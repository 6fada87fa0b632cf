// Azure infrastructure of the fleetmesh resource provider, in one resource group:
// Log Analytics, a virtual network, AKS (OIDC issuer + workload identity), PostgreSQL flexible server
// (private, Entra ID auth, zone-redundant HA), Key Vault with the key-encryption key, and the service's
// user-assigned identity with its federated credential and role assignments.
// Deploy: az deployment group create -g <rg> --parameters main.prod.bicepparam
targetScope = 'resourceGroup'

@description('Short environment name used in resource names, e.g. dev or prod.')
@maxLength(8)
param environmentName string

@description('Azure region; defaults to the resource group\'s.')
param location string = resourceGroup().location

@description('Prefix of resource names.')
@maxLength(12)
param namePrefix string = 'fleetmesh'

@description('Address space of the virtual network.')
param vnetAddressPrefix string = '10.40.0.0/16'

@description('Subnet of the AKS nodes.')
param aksSubnetPrefix string = '10.40.0.0/22'

@description('Subnet delegated to PostgreSQL (the chart\'s networkPolicy.egress.postgresqlCidrs).')
param postgresSubnetPrefix string = '10.40.4.0/24'

@description('AKS control plane tier.')
@allowed([
  'Free'
  'Standard'
])
param aksSkuTier string = 'Standard'

@description('VM size of the AKS nodes.')
param aksNodeVmSize string = 'Standard_D4ds_v5'

@description('Minimum AKS nodes.')
param aksNodeMinCount int = 3

@description('Maximum AKS nodes.')
param aksNodeMaxCount int = 6

@description('Availability zones of AKS nodes; empty in regions without zones.')
param availabilityZones array = [
  '1'
  '2'
  '3'
]

@description('PostgreSQL compute size.')
param postgresSkuName string = 'Standard_D2ds_v5'

@description('PostgreSQL compute tier.')
@allowed([
  'Burstable'
  'GeneralPurpose'
  'MemoryOptimized'
])
param postgresSkuTier string = 'GeneralPurpose'

@description('PostgreSQL high availability.')
@allowed([
  'ZoneRedundant'
  'SameZone'
  'Disabled'
])
param postgresHighAvailabilityMode string = 'ZoneRedundant'

@description('PostgreSQL backup retention in days.')
param postgresBackupRetentionDays int = 35

@description('Optional Entra group of human database administrators (object id).')
param postgresAdminGroupObjectId string = ''

@description('Display name of that group.')
param postgresAdminGroupName string = ''

@description('Key Vault purge protection (irreversible).')
param keyVaultPurgeProtection bool = true

@description('Base64 of a random 256-bit key-encryption key; empty = keep the current secret version.')
@secure()
param keyEncryptionKey string = ''

@description('Base64 of a random paging token key; empty = keep the current secret version.')
@secure()
param pagingTokenKey string = ''

@description('Namespace of the Helm release.')
param serviceNamespace string = 'fleetmesh'

@description('ServiceAccount of the Helm release.')
param serviceAccountName string = 'fleetmesh'

@description('Resource groups of member clusters the service manages: [{ subscriptionId, resourceGroupName }].')
param memberClusterResourceGroups array = []

@description('Log retention in days.')
param logRetentionInDays int = 30

@description('Tags for every resource.')
param tags object = {}

var baseName = '${namePrefix}-${environmentName}'
// Key Vault names are global and at most 24 characters.
var keyVaultName = take('${namePrefix}${environmentName}${uniqueString(resourceGroup().id)}', 24)

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    name: '${baseName}-logs'
    location: location
    retentionInDays: logRetentionInDays
    tags: tags
  }
}

module network 'modules/network.bicep' = {
  name: 'network'
  params: {
    prefix: baseName
    location: location
    addressPrefix: vnetAddressPrefix
    aksSubnetPrefix: aksSubnetPrefix
    postgresSubnetPrefix: postgresSubnetPrefix
    tags: tags
  }
}

module aks 'modules/aks.bicep' = {
  name: 'aks'
  params: {
    name: '${baseName}-aks'
    location: location
    skuTier: aksSkuTier
    nodeVmSize: aksNodeVmSize
    nodeMinCount: aksNodeMinCount
    nodeMaxCount: aksNodeMaxCount
    availabilityZones: availabilityZones
    subnetId: network.outputs.aksSubnetId
    workspaceId: monitoring.outputs.workspaceId
    tags: tags
  }
}

module identity 'modules/identity.bicep' = {
  name: 'identity'
  params: {
    name: '${baseName}-id'
    location: location
    oidcIssuerUrl: aks.outputs.oidcIssuerUrl
    serviceAccountNamespace: serviceNamespace
    serviceAccountName: serviceAccountName
    tags: tags
  }
}

module postgres 'modules/postgres.bicep' = {
  name: 'postgres'
  params: {
    name: '${baseName}-pg'
    location: location
    skuName: postgresSkuName
    skuTier: postgresSkuTier
    highAvailabilityMode: postgresHighAvailabilityMode
    backupRetentionDays: postgresBackupRetentionDays
    delegatedSubnetId: network.outputs.postgresSubnetId
    privateDnsZoneId: network.outputs.postgresDnsZoneId
    servicePrincipalObjectId: identity.outputs.principalId
    servicePrincipalName: identity.outputs.name
    adminGroupObjectId: postgresAdminGroupObjectId
    adminGroupName: postgresAdminGroupName
    workspaceId: monitoring.outputs.workspaceId
    tags: tags
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  params: {
    name: keyVaultName
    location: location
    enablePurgeProtection: keyVaultPurgeProtection
    readerPrincipalId: identity.outputs.principalId
    keyEncryptionKey: keyEncryptionKey
    pagingTokenKey: pagingTokenKey
    workspaceId: monitoring.outputs.workspaceId
    tags: tags
  }
}

module memberAccess 'modules/member-access.bicep' = [for (group, i) in memberClusterResourceGroups: {
  name: 'member-access-${i}'
  scope: resourceGroup(group.subscriptionId, group.resourceGroupName)
  params: {
    principalId: identity.outputs.principalId
  }
}]

// Inputs for helm/fleetmesh/values-production.yaml.
output tenantId string = tenant().tenantId
output aksName string = aks.outputs.name
output oidcIssuerUrl string = aks.outputs.oidcIssuerUrl
output identityName string = identity.outputs.name
output identityClientId string = identity.outputs.clientId
output postgresFqdn string = postgres.outputs.fqdn
output postgresDatabase string = postgres.outputs.databaseName
output keyVaultName string = keyVault.outputs.name
