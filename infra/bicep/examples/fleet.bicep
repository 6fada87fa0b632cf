// A fleet (Microsoft.ContainerService/fleets), served by fleetmesh at api-version 2026-06-01.
// az deployment group create -g <rg> -f fleet.bicep -p fleetName=<name>

@description('Fleet name: 1-63 lower-case letters, digits and hyphens.')
@minLength(1)
@maxLength(63)
param fleetName string

@description('Azure region of the fleet.')
param location string = resourceGroup().location

@description('Tags of the fleet.')
param tags object = {}

resource fleet 'Microsoft.ContainerService/fleets@2026-06-01' = {
  name: fleetName
  location: location
  tags: tags
  properties: {}
}

output fleetId string = fleet.id
