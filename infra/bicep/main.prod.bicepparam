// Production: zone-redundant PostgreSQL (GeneralPurpose), three zones, Standard AKS tier.
// Secrets come from the environment of the deploying shell, e.g.
//   FLEETMESH_KEY_ENCRYPTION_KEY=$(openssl rand -base64 32) FLEETMESH_PAGING_TOKEN_KEY=$(openssl rand -base64 32) \
//     az deployment group create -g rg-fleetmesh-prod -f main.bicep -p main.prod.bicepparam
// Leave them unset on later deployments to keep the current Key Vault secret versions.
using 'main.bicep'

param environmentName = 'prod'
param vnetAddressPrefix = '10.40.0.0/16'
param aksSubnetPrefix = '10.40.0.0/22'
param postgresSubnetPrefix = '10.40.4.0/24'
param aksSkuTier = 'Standard'
param aksNodeVmSize = 'Standard_D4ds_v5'
param aksNodeMinCount = 3
param aksNodeMaxCount = 9
param availabilityZones = [
  '1'
  '2'
  '3'
]
param postgresSkuName = 'Standard_D4ds_v5'
param postgresSkuTier = 'GeneralPurpose'
param postgresHighAvailabilityMode = 'ZoneRedundant'
param postgresBackupRetentionDays = 35
param postgresAdminGroupObjectId = '00000000-0000-0000-0000-000000000000'
param postgresAdminGroupName = 'fleetmesh-db-admins'
param keyVaultPurgeProtection = true
param keyEncryptionKey = readEnvironmentVariable('FLEETMESH_KEY_ENCRYPTION_KEY', '')
param pagingTokenKey = readEnvironmentVariable('FLEETMESH_PAGING_TOKEN_KEY', '')
param serviceNamespace = 'fleetmesh'
param serviceAccountName = 'fleetmesh'
param memberClusterResourceGroups = [
  {
    subscriptionId: '00000000-0000-0000-0000-000000000000'
    resourceGroupName: 'rg-member-clusters'
  }
]
param logRetentionInDays = 90
param tags = {
  service: 'fleetmesh'
  environment: 'prod'
}
