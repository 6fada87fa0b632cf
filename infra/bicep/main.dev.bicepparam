// Development: smallest sizes, no PostgreSQL HA (Burstable does not support it), Free AKS tier,
// no purge protection so the vault can be deleted. Secrets as in main.prod.bicepparam.
using 'main.bicep'

param environmentName = 'dev'
param vnetAddressPrefix = '10.41.0.0/16'
param aksSubnetPrefix = '10.41.0.0/22'
param postgresSubnetPrefix = '10.41.4.0/24'
param aksSkuTier = 'Free'
param aksNodeVmSize = 'Standard_D2ds_v5'
param aksNodeMinCount = 1
param aksNodeMaxCount = 3
param availabilityZones = []
param postgresSkuName = 'Standard_B1ms'
param postgresSkuTier = 'Burstable'
param postgresHighAvailabilityMode = 'Disabled'
param postgresBackupRetentionDays = 7
param keyVaultPurgeProtection = false
param keyEncryptionKey = readEnvironmentVariable('FLEETMESH_KEY_ENCRYPTION_KEY', '')
param pagingTokenKey = readEnvironmentVariable('FLEETMESH_PAGING_TOKEN_KEY', '')
param serviceNamespace = 'fleetmesh'
param serviceAccountName = 'fleetmesh'
param memberClusterResourceGroups = []
param logRetentionInDays = 30
param tags = {
  service: 'fleetmesh'
  environment: 'dev'
}
