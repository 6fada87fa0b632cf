// The role the service's identity holds on each member cluster, and nothing more: what it does through ARM (read the
// cluster, fetch its kubeconfig) and, on clusters with Entra ID and Azure RBAC for Kubernetes, the Kubernetes objects
// of the mesh it writes in kube-system (ConfigMaps, Secrets, a ServiceAccount, Services, the clustermesh-apiserver
// Deployment) and its ClusterRole and binding, the restart of AKS's Cilium agents and operator (a patch of the cilium
// DaemonSet and the cilium-operator Deployment), and the pods it reads to say why a clustermesh-apiserver does not run.
// Customers assign it per member cluster (examples/members.bicep).
targetScope = 'subscription'

@description('Role name, unique in the tenant.')
param roleName string

@description('Subscriptions whose clusters can be assigned the role (the member clusters\' subscriptions).')
@minLength(1)
param assignableSubscriptionIds array

// Kubernetes kinds the service writes, as Azure RBAC for Kubernetes names them.
var namespacedKinds = [
  'configmaps'
  'secrets'
  'serviceaccounts'
  'services'
  'apps/deployments'
]
var clusterKinds = [
  'rbac.authorization.k8s.io/clusterroles'
  'rbac.authorization.k8s.io/clusterrolebindings'
]
var verbs = [
  'read'
  'write'
  'delete'
]
// Read and patched, never created or deleted: AKS owns the Cilium agents' DaemonSet.
var patchedKinds = [
  'apps/daemonsets'
]
// Read only: the clustermesh-apiserver's pods, whose container statuses say why it is not available.
var readKinds = [
  'pods'
]

resource role 'Microsoft.Authorization/roleDefinitions@2022-04-01' = {
  name: guid(subscription().id, roleName)
  properties: {
    roleName: roleName
    description: 'fleetmesh: read a member cluster, get its credentials and write the Cilium ClusterMesh objects on it.'
    type: 'CustomRole'
    permissions: [
      {
        actions: [
          // joining and every connection: the cluster's properties (its network profile and Cilium)
          'Microsoft.ContainerService/managedClusters/read'
          // Entra ID clusters: the user kubeconfig, for the server's address and CA only
          'Microsoft.ContainerService/managedClusters/listClusterUserCredential/action'
          // clusters with local accounts: the admin kubeconfig
          'Microsoft.ContainerService/managedClusters/listClusterAdminCredential/action'
        ]
        notActions: []
        dataActions: concat(
          flatten(map(concat(namespacedKinds, clusterKinds), kind => map(verbs, verb => 'Microsoft.ContainerService/managedClusters/${kind}/${verb}'))),
          flatten(map(patchedKinds, kind => map(['read', 'write'], verb => 'Microsoft.ContainerService/managedClusters/${kind}/${verb}'))),
          map(readKinds, kind => 'Microsoft.ContainerService/managedClusters/${kind}/read'),
          [
            // the clustermesh-apiserver's ClusterRole grants what the service itself need not hold, and is bound
            'Microsoft.ContainerService/managedClusters/rbac.authorization.k8s.io/clusterroles/bind/action'
            'Microsoft.ContainerService/managedClusters/rbac.authorization.k8s.io/clusterroles/escalate/action'
          ]
        )
        notDataActions: []
      }
    ]
    assignableScopes: [for id in assignableSubscriptionIds: '/subscriptions/${id}']
  }
}

output roleDefinitionId string = role.id
