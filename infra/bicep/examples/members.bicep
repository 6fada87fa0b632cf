// Members (Microsoft.ContainerService/fleets/members) for existing AKS clusters, at api-version 2026-06-01,
// which also carries member labels (used by clusterMeshProfiles' member selectors).
//
// Joining reads the cluster through ARM with the resource provider's identity, and meshing writes Cilium's objects on
// it, so each cluster first gets the provider's member role (and nothing broader) at the cluster's own scope; without
// it the join fails with AuthorizationFailed. Both ids come from the provider's deployment (infra/bicep/main.bicep
// outputs identityPrincipalId and memberRoleDefinitionId). The clusters' virtual networks need Reader for the same
// identity (main.bicep's memberNetworkResourceGroups).
//
// az deployment group create -g <rg> -f members.bicep -p fleetName=<fleet> providerPrincipalId=<id> \
//   memberRoleDefinitionId=<id> members='[{"name":"aks-1","clusterResourceId":"/subscriptions/.../managedClusters/aks-1"}]'

@description('Name of the existing fleet in this resource group.')
param fleetName string

@description('Members: [{ name, clusterResourceId }]. A name is 1-50 lower-case letters, digits and hyphens, starting and ending with a letter or digit (an AKS cluster\'s own name may not be one: it allows upper case and underscores).')
@minLength(1)
param members array

@description('Object id of the resource provider\'s identity (main.bicep output identityPrincipalId).')
param providerPrincipalId string

@description('Resource id of the member role (main.bicep output memberRoleDefinitionId).')
param memberRoleDefinitionId string

@description('Update group of the members.')
param group string = 'default'

@description('Labels of every member, e.g. { mesh: \'east-west\' }.')
param labels object = {}

resource fleet 'Microsoft.ContainerService/fleets@2026-06-01' existing = {
  name: fleetName
}

// The role at each cluster's scope, in the cluster's resource group (segments 2 and 4 of its id).
module access 'member-cluster-access.bicep' = [for member in members: {
  name: 'member-access-${member.name}'
  scope: resourceGroup(split(member.clusterResourceId, '/')[2], split(member.clusterResourceId, '/')[4])
  params: {
    clusterName: last(split(member.clusterResourceId, '/'))
    principalId: providerPrincipalId
    roleDefinitionId: memberRoleDefinitionId
  }
}]

resource fleetMembers 'Microsoft.ContainerService/fleets/members@2026-06-01' = [for (member, i) in members: {
  parent: fleet
  name: member.name
  properties: {
    clusterResourceId: member.clusterResourceId
    group: group
    labels: labels
  }
  dependsOn: [
    access[i]
  ]
}]

output memberIds array = [for (member, i) in members: fleetMembers[i].id]
