// A clusterMeshProfile (Microsoft.ContainerService/fleets/clusterMeshProfiles): a Cilium ClusterMesh across the
// fleet's members whose labels match the selector. Preview only: api-version 2026-06-02-preview.
// Creating the profile stores the selector; connecting the clusters is a separate action afterwards:
//   az fleet clustermeshprofile apply -g <rg> --fleet-name <fleet> --name <profile>

@description('Name of the existing fleet in this resource group.')
param fleetName string

@description('Profile name: 1-63 lower-case letters, digits and hyphens.')
@minLength(1)
@maxLength(63)
param profileName string

@description('Label selector of the members to mesh: key=value pairs only, e.g. mesh=east-west.')
@maxLength(512)
param memberSelector string

resource fleet 'Microsoft.ContainerService/fleets@2026-06-02-preview' existing = {
  name: fleetName
}

resource clusterMeshProfile 'Microsoft.ContainerService/fleets/clusterMeshProfiles@2026-06-02-preview' = {
  parent: fleet
  name: profileName
  properties: {
    memberSelector: {
      byLabel: memberSelector
    }
  }
}

output clusterMeshProfileId string = clusterMeshProfile.id
