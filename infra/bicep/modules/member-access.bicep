// Reader for the service's identity on a resource group holding member clusters' virtual networks: joining checks a
// member's network (address space, peerings) through ARM. The clusters themselves get the narrower member role
// (member-role.bicep) per cluster, from the customer (examples/members.bicep).

@description('Principal (object) id of the service\'s managed identity.')
param principalId string

// Reader (built-in role)
var readerRoleId = 'acdd72a7-3385-48ef-bd42-f606fba81ae7'

resource reader 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(resourceGroup().id, principalId, readerRoleId)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', readerRoleId)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}
