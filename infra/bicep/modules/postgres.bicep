// Azure Database for PostgreSQL flexible server: private access only (delegated subnet + private DNS zone),
// Entra ID authentication only, zone-redundant high availability where requested.
// Its only Entra administrator is a group of people: the service's identity is an ordinary role that owns the
// service's schema (created once by an administrator, see operate.md), not an administrator of the server.

@description('Server name.')
param name string

@description('Azure region.')
param location string

@description('PostgreSQL major version.')
@allowed([
  '15'
  '16'
])
param postgresVersion string = '16'

@description('Compute size, e.g. Standard_D2ds_v5 (GeneralPurpose) or Standard_B1ms (Burstable).')
param skuName string

@description('Compute tier; zone-redundant HA needs GeneralPurpose or MemoryOptimized.')
@allowed([
  'Burstable'
  'GeneralPurpose'
  'MemoryOptimized'
])
param skuTier string

@description('Storage size in GiB.')
param storageSizeGB int = 128

@description('ZoneRedundant for production; Disabled for development.')
@allowed([
  'ZoneRedundant'
  'SameZone'
  'Disabled'
])
param highAvailabilityMode string = 'ZoneRedundant'

@description('Zone of the primary.')
param availabilityZone string = '1'

@description('Zone of the standby (ZoneRedundant).')
param standbyAvailabilityZone string = '2'

@description('Backup retention in days.')
@minValue(7)
@maxValue(35)
param backupRetentionDays int = 7

@description('Geo-redundant backups (cannot be changed after creation).')
param geoRedundantBackup bool = false

@description('Subnet delegated to Microsoft.DBforPostgreSQL/flexibleServers.')
param delegatedSubnetId string

@description('Private DNS zone (*.postgres.database.azure.com) linked to the virtual network.')
param privateDnsZoneId string

@description('Database the service uses.')
param databaseName string = 'fleetmesh'

@description('Entra group of the human administrators (object id): they create the service\'s role and schema.')
param adminGroupObjectId string

@description('Display name of that group.')
param adminGroupName string

@description('Log Analytics workspace for server logs.')
param workspaceId string

@description('Tags for every resource.')
param tags object = {}

resource server 'Microsoft.DBforPostgreSQL/flexibleServers@2024-08-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: skuName
    tier: skuTier
  }
  properties: {
    version: postgresVersion
    availabilityZone: availabilityZone
    highAvailability: {
      mode: highAvailabilityMode
      standbyAvailabilityZone: highAvailabilityMode == 'ZoneRedundant' ? standbyAvailabilityZone : null
    }
    storage: {
      storageSizeGB: storageSizeGB
      autoGrow: 'Enabled'
    }
    backup: {
      backupRetentionDays: backupRetentionDays
      geoRedundantBackup: geoRedundantBackup ? 'Enabled' : 'Disabled'
    }
    network: {
      delegatedSubnetResourceId: delegatedSubnetId
      privateDnsZoneArmResourceId: privateDnsZoneId
      publicNetworkAccess: 'Disabled'
    }
    authConfig: {
      activeDirectoryAuth: 'Enabled'
      passwordAuth: 'Disabled'
      tenantId: tenant().tenantId
    }
  }
}

resource database 'Microsoft.DBforPostgreSQL/flexibleServers/databases@2024-08-01' = {
  parent: server
  name: databaseName
  properties: {
    charset: 'UTF8'
    collation: 'en_US.utf8'
  }
}

resource groupAdmin 'Microsoft.DBforPostgreSQL/flexibleServers/administrators@2024-08-01' = {
  parent: server
  name: adminGroupObjectId
  properties: {
    principalName: adminGroupName
    principalType: 'Group'
    tenantId: tenant().tenantId
  }
  dependsOn: [
    database
  ]
}

resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: server
  properties: {
    workspaceId: workspaceId
    logs: [
      {
        categoryGroup: 'allLogs'
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

output id string = server.id
output fqdn string = server.properties.fullyQualifiedDomainName
output databaseName string = database.name
