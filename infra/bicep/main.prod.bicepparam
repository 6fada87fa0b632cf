// Production: zone-redundant PostgreSQL (GeneralPurpose), three zones, Standard AKS tier.
// Secrets come from the environment of the deploying shell on the first deployment (src/site/markdown/operate.md):
//   FLEETMESH_KEY_ENCRYPTION_KEY=$(openssl rand -base64 32) FLEETMESH_PAGING_TOKEN_KEY=$(openssl rand -base64 32) \
//     az deployment group create -g rg-fleetmesh-prod -f main.bicep -p main.prod.bicepparam
// Then record the output keyEncryptionKeyVersion below; leave the variables unset on later deployments.
using 'main.bicep'

param environmentName = 'prod'
param vnetAddressPrefix = '10.40.0.0/16'
param aksSubnetPrefix = '10.40.0.0/22'
param postgresSubnetPrefix = '10.40.4.0/24'
param privateEndpointSubnetPrefix = '10.40.5.0/24'
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
// Azure's max_connections for Standard_D4ds_v5
param postgresMaxConnections = 1719
param postgresAdminGroupObjectId = '00000000-0000-0000-0000-000000000000'
param postgresAdminGroupName = 'fleetmesh-db-admins'
param keyVaultPurgeProtection = true
param keyEncryptionKey = readEnvironmentVariable('FLEETMESH_KEY_ENCRYPTION_KEY', '')
// Record the output keyEncryptionKeyVersion of the first deployment here: later deployments never write the key again.
param keyEncryptionKeyVersion = ''
param keyVaultOperatorIpRanges = []
param pagingTokenKey = readEnvironmentVariable('FLEETMESH_PAGING_TOKEN_KEY', '')
param serviceNamespace = 'fleetmesh'
param serviceAccountName = 'fleetmesh'
// Where member clusters live (the member role is assignable there) and the resource groups of their VNets (Reader).
param memberSubscriptionIds = [
  '00000000-0000-0000-0000-000000000000'
]
param memberNetworkResourceGroups = [
  {
    subscriptionId: '00000000-0000-0000-0000-000000000000'
    resourceGroupName: 'rg-member-networks'
  }
]
// The resource provider's Entra ID application and the application ARM calls it as (provider registration).
param apiAppClientId = '00000000-0000-0000-0000-0000000000a1'
param apiAppIdUri = 'https://fleetmesh.example.com'
param apiHostName = 'fleetmesh.example.com'
param armClientIds = [
  '00000000-0000-0000-0000-0000000000a2'
]
param logRetentionInDays = 90
param tags = {
  service: 'fleetmesh'
  environment: 'prod'
}
