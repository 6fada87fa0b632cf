// Role assignments of the service's identity on a resource group (or subscription-level group) of member clusters:
// read the clusters through ARM, fetch their user credentials and write the Cilium ClusterMesh objects
// through their API servers (Entra ID + Azure RBAC for Kubernetes). Deployed once per member resource group.

@description('Principal (object) id of the service\'s managed identity.')
param principalId string

@description('Role definition ids (GUIDs) granted on this resource group.')
param roleDefinitionIds array = [
  // Reader: GET managedClusters
  'acdd72a7-3385-48ef-bd42-f606fba81ae7'
  // Azure Kubernetes Service Cluster User Role: listClusterUserCredential
  '4abbcc35-e782-43d8-92c5-2d3abe7f2d2e'
  // Azure Kubernetes Service RBAC Writer: Kubernetes objects of the mesh (ConfigMaps, Secrets, Services)
  'a7ffa36f-339b-4b5c-8bdf-e2c188b2c0eb'
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
