// The resource provider's member role on one AKS cluster, at the cluster's scope only (used by members.bicep).

@description('Name of the AKS cluster in this resource group.')
param clusterName string

@description('Object id of the resource provider\'s identity.')
param principalId string

@description('Resource id of the member role.')
param roleDefinitionId string

resource cluster 'Microsoft.ContainerService/managedClusters@2024-02-01' existing = {
  name: clusterName
}

resource memberRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(cluster.id, principalId, roleDefinitionId)
  scope: cluster
  properties: {
    roleDefinitionId: roleDefinitionId
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}
