// AKS cluster that runs the service: OIDC issuer + workload identity, Entra ID with Azure RBAC,
// Azure CNI overlay with the Cilium dataplane (enforces the chart's NetworkPolicy), egress through the node subnet's
// NAT gateway, the Key Vault Secrets Store CSI driver add-on, the application routing add-on (managed NGINX in
// app-routing-system: ARM's HTTPS front door), Container insights and managed Prometheus metrics.

@description('Cluster name.')
param name string

@description('Azure region.')
param location string

@description('Kubernetes version; empty = the region default.')
param kubernetesVersion string = ''

@description('Free or Standard (uptime SLA) control plane.')
@allowed([
  'Free'
  'Standard'
])
param skuTier string = 'Standard'

@description('VM size of the system node pool.')
param nodeVmSize string = 'Standard_D4ds_v5'

@description('Minimum nodes (autoscaler).')
@minValue(1)
param nodeMinCount int = 3

@description('Maximum nodes (autoscaler).')
@minValue(1)
param nodeMaxCount int = 6

@description('Availability zones of the node pool; empty for regions without zones.')
param availabilityZones array = [
  '1'
  '2'
  '3'
]

@description('Subnet of the nodes.')
param subnetId string

@description('Log Analytics workspace for Container insights.')
param workspaceId string

@description('Data collection rule of managed Prometheus (monitoring.bicep).')
param prometheusRuleId string

@description('Tags for every resource.')
param tags object = {}

var networkContributorRoleId = '4d97b98b-1d4f-4787-a291-c67834d212e7'

resource aks 'Microsoft.ContainerService/managedClusters@2024-02-01' = {
  name: name
  location: location
  tags: tags
  identity: {
    type: 'SystemAssigned'
  }
  sku: {
    name: 'Base'
    tier: skuTier
  }
  properties: {
    kubernetesVersion: empty(kubernetesVersion) ? null : kubernetesVersion
    dnsPrefix: name
    enableRBAC: true
    disableLocalAccounts: true
    aadProfile: {
      managed: true
      enableAzureRBAC: true
      tenantID: tenant().tenantId
    }
    oidcIssuerProfile: {
      enabled: true
    }
    securityProfile: {
      workloadIdentity: {
        enabled: true
      }
    }
    agentPoolProfiles: [
      {
        name: 'system'
        mode: 'System'
        type: 'VirtualMachineScaleSets'
        osType: 'Linux'
        osSKU: 'AzureLinux'
        vmSize: nodeVmSize
        count: nodeMinCount
        enableAutoScaling: true
        minCount: nodeMinCount
        maxCount: nodeMaxCount
        availabilityZones: empty(availabilityZones) ? null : availabilityZones
        vnetSubnetID: subnetId
      }
    ]
    networkProfile: {
      networkPlugin: 'azure'
      networkPluginMode: 'overlay'
      networkDataplane: 'cilium'
      networkPolicy: 'cilium'
      podCidr: '192.168.0.0/16'
      serviceCidr: '172.16.0.0/16'
      dnsServiceIP: '172.16.0.10'
      // The node subnet's NAT gateway (network.bicep) is the only way out: one fixed address for members to allowlist.
      outboundType: 'userAssignedNATGateway'
    }
    ingressProfile: {
      webAppRouting: {
        enabled: true
      }
    }
    azureMonitorProfile: {
      metrics: {
        enabled: true
      }
    }
    addonProfiles: {
      azureKeyvaultSecretsProvider: {
        enabled: true
        config: {
          enableSecretRotation: 'true'
          rotationPollInterval: '2m'
        }
      }
      omsagent: {
        enabled: true
        config: {
          logAnalyticsWorkspaceResourceID: workspaceId
        }
      }
    }
    autoUpgradeProfile: {
      upgradeChannel: 'patch'
      nodeOSUpgradeChannel: 'NodeImage'
    }
  }
}

// The cluster identity manages load balancers and NICs in the node subnet.
resource vnet 'Microsoft.Network/virtualNetworks@2024-05-01' existing = {
  name: split(subnetId, '/')[8]
}

resource nodeSubnet 'Microsoft.Network/virtualNetworks/subnets@2024-05-01' existing = {
  parent: vnet
  name: last(split(subnetId, '/'))
}

resource subnetNetworkContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(subnetId, aks.id, networkContributorRoleId)
  scope: nodeSubnet
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', networkContributorRoleId)
    principalId: aks.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

resource prometheusRuleAssociation 'Microsoft.Insights/dataCollectionRuleAssociations@2022-06-01' = {
  name: 'prometheus-metrics'
  scope: aks
  properties: {
    description: 'Sends the cluster\'s Prometheus metrics (ServiceMonitors included) to the Azure Monitor workspace.'
    dataCollectionRuleId: prometheusRuleId
  }
}

output id string = aks.id
output name string = aks.name
output oidcIssuerUrl string = aks.properties.oidcIssuerProfile.issuerURL
output kubeletPrincipalId string = aks.properties.identityProfile.kubeletidentity.objectId
output appRoutingPrincipalId string = aks.properties.ingressProfile.webAppRouting.identity.objectId
