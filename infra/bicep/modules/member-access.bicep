// Role assignments of the service's identity on a resource group (or subscription-level group) of member clusters:
// read the clusters and their virtual networks through ARM, fetch their credentials (admin credentials for clusters
// with local accounts, user credentials for Entra ID clusters) and write the Cilium ClusterMesh objects through their
// API servers, including the clustermesh-apiserver's ClusterRole (Entra ID + Azure RBAC for Kubernetes). Deployed
// once per member resource group (and once per resource group holding the members' virtual networks).

@description('Principal (object) id of the service\'s managed identity.')
param principalId string

@description('Role definition ids (GUIDs) granted on this resource group.')
param roleDefinitionIds array = [
  // Reader: GET managedClusters and virtualNetworks (the prerequisite checks)
  'acdd72a7-3385-48ef-bd42-f606fba81ae7'
  // Azure Kubernetes Service Cluster Admin Role: listClusterAdminCredential and listClusterUserCredential
  '0ab0b1a8-8aac-4efd-b8c2-3ee1fb270be8'
  // Azure Kubernetes Service RBAC Cluster Admin: the mesh's Kubernetes objects on Entra ID clusters, the
  // clustermesh-apiserver's ClusterRole and binding included (RBAC Writer cannot create cluster-scoped roles)
  'b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b'
]

resource assignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for roleId in roleDefinitionIds: {
  name: guid(resourceGroup().id, principalId, roleId)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}]

output count int = length(roleDefinitionIds)
