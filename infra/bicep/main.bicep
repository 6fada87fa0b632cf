// Azure infrastructure of the fleetmesh resource provider, in one resource group:
// Log Analytics and managed Prometheus, a virtual network with a NAT gateway (one fixed egress address), AKS (OIDC
// issuer + workload identity, application routing for ARM's HTTPS calls), a container registry the kubelet pulls
// from, PostgreSQL flexible server (private, Entra ID auth, zone-redundant HA), Key Vault behind a private endpoint
// with the key-encryption key, the service's user-assigned identity with its federated credential, and the custom
// role customers assign it on member clusters.
// Deploy: az deployment group create -g <rg> -f main.bicep -p main.prod.bicepparam
// Its outputs are what helm/fleetmesh/values-production.yaml needs; ProductionInstallTest holds the two together.
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

@description('Subnet of private endpoints (Key Vault).')
param privateEndpointSubnetPrefix string = '10.40.5.0/24'

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

@description('max_connections of the PostgreSQL SKU (Azure\'s default for it: Standard_B1ms 50, Standard_D2ds_v5 859, Standard_D4ds_v5 1719); the chart\'s replicas x pool size must fit under it.')
param postgresMaxConnections int

@description('Entra group of the human database administrators (object id); they create the service\'s role and schema.')
param postgresAdminGroupObjectId string

@description('Display name of that group.')
param postgresAdminGroupName string

@description('Key Vault purge protection (irreversible).')
param keyVaultPurgeProtection bool = true

@description('Base64 of a random 256-bit key-encryption key, for the first deployment only; ignored once keyEncryptionKeyVersion is set.')
@secure()
param keyEncryptionKey string = ''

@description('The key-encryption key\'s Key Vault secret version the service runs with (output keyEncryptionKeyVersion of the first deployment); set, no deployment writes the key again.')
param keyEncryptionKeyVersion string = ''

@description('Public addresses (CIDR) let into Key Vault besides its private endpoint, while an operator imports the TLS certificate; empty = none.')
param keyVaultOperatorIpRanges array = []

@description('Base64 of a random paging token key; empty = keep the current secret version.')
@secure()
param pagingTokenKey string = ''

@description('Namespace of the Helm release.')
param serviceNamespace string = 'fleetmesh'

@description('ServiceAccount of the Helm release.')
param serviceAccountName string = 'fleetmesh'

@description('Subscriptions of member clusters: where the member role can be assigned.')
param memberSubscriptionIds array = [
  subscription().subscriptionId
]

@description('Resource groups of member clusters\' virtual networks, where the service gets Reader: [{ subscriptionId, resourceGroupName }].')
param memberNetworkResourceGroups array = []

@description('Client id of the resource provider\'s Entra ID application (the audience of v2.0 tokens).')
param apiAppClientId string

@description('App ID URI of that application (the audience of v1.0 tokens).')
param apiAppIdUri string

@description('Host name of the resource provider\'s endpoint (the provider registration\'s), served by the application routing add-on.')
param apiHostName string

@description('Application ids ARM calls the resource provider as (from the provider registration).')
@minLength(1)
param armClientIds array

@description('Log retention in days.')
param logRetentionInDays int = 30

@description('Tags for every resource.')
param tags object = {}

var baseName = '${namePrefix}-${environmentName}'
// Key Vault names are global and at most 24 characters.
var keyVaultName = take('${namePrefix}${environmentName}${uniqueString(resourceGroup().id)}', 24)
// Registry names are global, letters and digits only.
var registryName = take(replace('${namePrefix}${environmentName}${uniqueString(resourceGroup().id)}', '-', ''), 50)

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
    privateEndpointSubnetPrefix: privateEndpointSubnetPrefix
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
    prometheusRuleId: monitoring.outputs.prometheusRuleId
    tags: tags
  }
}

module registry 'modules/registry.bicep' = {
  name: 'registry'
  params: {
    name: registryName
    location: location
    kubeletPrincipalId: aks.outputs.kubeletPrincipalId
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
    keyEncryptionKeyVersion: keyEncryptionKeyVersion
    pagingTokenKey: pagingTokenKey
    privateEndpointSubnetId: network.outputs.privateEndpointSubnetId
    privateDnsZoneId: network.outputs.keyVaultDnsZoneId
    operatorIpRanges: keyVaultOperatorIpRanges
    certificateReaderPrincipalId: aks.outputs.appRoutingPrincipalId
    workspaceId: monitoring.outputs.workspaceId
    tags: tags
  }
}

module memberRole 'modules/member-role.bicep' = {
  name: 'member-role'
  scope: subscription()
  params: {
    roleName: 'fleetmesh member cluster operator (${baseName})'
    assignableSubscriptionIds: memberSubscriptionIds
  }
}

module memberNetworkAccess 'modules/member-access.bicep' = [for (group, i) in memberNetworkResourceGroups: {
  name: 'member-network-access-${i}'
  scope: resourceGroup(group.subscriptionId, group.resourceGroupName)
  params: {
    principalId: identity.outputs.principalId
  }
}]

// Inputs of helm/fleetmesh/values-production.yaml (each value there names its output) and of the runbook.
output tenantId string = tenant().tenantId
output aksName string = aks.outputs.name
output oidcIssuerUrl string = aks.outputs.oidcIssuerUrl
output identityName string = identity.outputs.name
output identityClientId string = identity.outputs.clientId
output identityPrincipalId string = identity.outputs.principalId
output aksSubnetPrefix string = aksSubnetPrefix
output postgresSubnetPrefix string = postgresSubnetPrefix
output postgresFqdn string = postgres.outputs.fqdn
output postgresDatabase string = postgres.outputs.databaseName
output postgresMaxConnections int = postgresMaxConnections
output keyVaultName string = keyVault.outputs.name
output keyVaultUri string = keyVault.outputs.uri
output keyEncryptionKeyVersion string = keyVault.outputs.keyEncryptionKeyVersion
output registryLoginServer string = registry.outputs.loginServer
output egressIpAddress string = network.outputs.egressIpAddress
output memberRoleDefinitionId string = memberRole.outputs.roleDefinitionId
output apiAppClientId string = apiAppClientId
output apiAppIdUri string = apiAppIdUri
output armClientIds array = armClientIds
output apiHostName string = apiHostName
