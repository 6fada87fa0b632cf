// Log Analytics workspace for AKS container insights and the diagnostic logs of PostgreSQL and Key Vault.

@description('Workspace name.')
param name string

@description('Azure region.')
param location string

@description('Days of retention.')
@minValue(30)
@maxValue(730)
param retentionInDays int = 30

@description('Tags for every resource.')
param tags object = {}

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: retentionInDays
  }
}

output workspaceId string = workspace.id
