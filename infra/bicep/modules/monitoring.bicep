// Log Analytics workspace for AKS container insights and the diagnostic logs of PostgreSQL and Key Vault, and Azure
// Monitor managed service for Prometheus (an Azure Monitor workspace with its data collection endpoint and rule):
// the chart's ServiceMonitor (azmonitoring.coreos.com/v1) exists only where the cluster sends metrics there.

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

resource prometheusWorkspace 'Microsoft.Monitor/accounts@2023-04-03' = {
  name: '${name}-prometheus'
  location: location
  tags: tags
}

resource prometheusEndpoint 'Microsoft.Insights/dataCollectionEndpoints@2022-06-01' = {
  name: take('${name}-prometheus-dce', 44)
  location: location
  tags: tags
  kind: 'Linux'
  properties: {}
}

// What the cluster's metrics agent (ama-metrics) scrapes, ServiceMonitors included, goes to the Azure Monitor workspace.
resource prometheusRule 'Microsoft.Insights/dataCollectionRules@2022-06-01' = {
  name: take('${name}-prometheus-dcr', 44)
  location: location
  tags: tags
  kind: 'Linux'
  properties: {
    dataCollectionEndpointId: prometheusEndpoint.id
    dataSources: {
      prometheusForwarder: [
        {
          name: 'PrometheusDataSource'
          streams: [
            'Microsoft-PrometheusMetrics'
          ]
          labelIncludeFilter: {}
        }
      ]
    }
    destinations: {
      monitoringAccounts: [
        {
          name: 'prometheusWorkspace'
          accountResourceId: prometheusWorkspace.id
        }
      ]
    }
    dataFlows: [
      {
        streams: [
          'Microsoft-PrometheusMetrics'
        ]
        destinations: [
          'prometheusWorkspace'
        ]
      }
    ]
  }
}

output workspaceId string = workspace.id
output prometheusWorkspaceId string = prometheusWorkspace.id
output prometheusRuleId string = prometheusRule.id
