// Development: smallest sizes, no PostgreSQL HA (Burstable does not support it), Free AKS tier,
// no purge protection so the vault can be deleted. Secrets as in main.prod.bicepparam.
using 'main.bicep'

param environmentName = 'dev'
param vnetAddressPrefix = '10.41.0.0/16'
param aksSubnetPrefix = '10.41.0.0/22'
param postgresSubnetPrefix = '10.41.4.0/24'
param privateEndpointSubnetPrefix = '10.41.5.0/24'
param aksSkuTier = 'Free'
param aksNodeVmSize = 'Standard_D2ds_v5'
param aksNodeMinCount = 1
param aksNodeMaxCount = 3
param availabilityZones = []
param postgresSkuName = 'Standard_B1ms'
param postgresSkuTier = 'Burstable'
param postgresHighAvailabilityMode = 'Disabled'
param postgresBackupRetentionDays = 7
// Azure's max_connections for Standard_B1ms
param postgresMaxConnections = 50
param postgresAdminGroupObjectId = '00000000-0000-0000-0000-000000000000'
param postgresAdminGroupName = 'fleetmesh-db-admins'
param keyVaultPurgeProtection = false
param keyEncryptionKey = readEnvironmentVariable('FLEETMESH_KEY_ENCRYPTION_KEY', '')
param keyEncryptionKeyVersion = readEnvironmentVariable('FLEETMESH_KEY_ENCRYPTION_KEY_VERSION', '')
param pagingTokenKey = readEnvironmentVariable('FLEETMESH_PAGING_TOKEN_KEY', '')
param serviceNamespace = 'fleetmesh'
param serviceAccountName = 'fleetmesh'
param memberNetworkResourceGroups = []
param apiAppClientId = '00000000-0000-0000-0000-0000000000d1'
param apiAppIdUri = 'api://fleetmesh-dev'
param apiHostName = 'fleetmesh-dev.example.com'
param armClientIds = [
  '00000000-0000-0000-0000-0000000000a2'
]
param logRetentionInDays = 30
param tags = {
  service: 'fleetmesh'
  environment: 'dev'
}
