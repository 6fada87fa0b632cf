// User-assigned managed identity of the service, federated with its Kubernetes ServiceAccount
// (Azure workload identity). The Secrets Store CSI driver uses the same identity to read Key Vault.

@description('Identity name; with Entra ID database auth it is also the PostgreSQL role name.')
param name string

@description('Azure region.')
param location string

@description('OIDC issuer URL of the AKS cluster that runs the service.')
param oidcIssuerUrl string

@description('Namespace of the Helm release.')
param serviceAccountNamespace string

@description('ServiceAccount name (the chart\'s serviceAccount.name, default: the release full name).')
param serviceAccountName string

@description('Tags for every resource.')
param tags object = {}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: name
  location: location
  tags: tags
}

resource federatedCredential 'Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials@2023-01-31' = {
  parent: identity
  name: 'aks-${serviceAccountNamespace}-${serviceAccountName}'
  properties: {
    issuer: oidcIssuerUrl
    subject: 'system:serviceaccount:${serviceAccountNamespace}:${serviceAccountName}'
    audiences: [
      'api://AzureADTokenExchange'
    ]
  }
}

output id string = identity.id
output name string = identity.name
output clientId string = identity.properties.clientId
output principalId string = identity.properties.principalId
