// Members (Microsoft.ContainerService/fleets/members) for existing AKS clusters, at api-version 2026-06-01,
// which also carries member labels (used by clusterMeshProfiles' member selectors).
// az deployment group create -g <rg> -f members.bicep -p fleetName=<fleet> clusterResourceIds='["/subscriptions/.../managedClusters/aks-1"]'

@description('Name of the existing fleet in this resource group.')
param fleetName string

@description('Resource ids of existing Microsoft.ContainerService/managedClusters; the member is named after the cluster.')
@minLength(1)
param clusterResourceIds array

@description('Update group of the members.')
param group string = 'default'

@description('Labels of every member, e.g. { mesh: \'east-west\' }.')
param labels object = {}

resource fleet 'Microsoft.ContainerService/fleets@2026-06-01' existing = {
  name: fleetName
}

resource members 'Microsoft.ContainerService/fleets/members@2026-06-01' = [for clusterId in clusterResourceIds: {
  parent: fleet
  name: take(toLower(last(split(clusterId, '/'))), 50)
  properties: {
    clusterResourceId: clusterId
    group: group
    labels: labels
  }
}]

output memberIds array = [for (clusterId, i) in clusterResourceIds: members[i].id]
