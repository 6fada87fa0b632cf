package org.fleetmesh.simulator;

/**
  * Renders kubeconfigs shaped like the ones AKS returns from {@code listClusterAdminCredential} and
  * {@code listClusterUserCredential}, minus the CA data because the simulated API servers speak plain HTTP.
  */
final class Kubeconfigs {

    // The AKS AAD server application and the Azure CLI client that kubelogin uses, as in a real AKS kubeconfig.
    private static final String AKS_AAD_SERVER_ID = "6dae42f8-4368-4678-94ff-3960e28e3630";
    private static final String AZURE_CLI_CLIENT_ID = "04b07795-8ddb-461a-bbee-02f9e1bf7b46";

    private Kubeconfigs() {
    }

    static String withToken(String server, String clusterName, String userName, String token) {
        return render(server, clusterName, userName, """
                token: %s
            """.formatted(token));
    }

    /** A user that gets its token from kubelogin, as AKS returns for Entra ID clusters; callers bring their own token. */
    static String withKubelogin(String server, String clusterName, String userName, String tenantId) {
        return render(server, clusterName, userName, """
                exec:
                  apiVersion: client.authentication.k8s.io/v1beta1
                  args:
                  - get-token
                  - --environment
                  - AzurePublicCloud
                  - --server-id
                  - %s
                  - --client-id
                  - %s
                  - --tenant-id
                  - %s
                  - --login
                  - devicecode
                  command: kubelogin
                  env: null
                  installHint: |2

                    kubelogin is not installed which is required to connect to AAD enabled cluster.
                  interactiveMode: IfAvailable
                  provideClusterInfo: false
            """.formatted(AKS_AAD_SERVER_ID, AZURE_CLI_CLIENT_ID, tenantId));
    }

    private static String render(String server, String clusterName, String userName, String userBody) {
        return """
            apiVersion: v1
            clusters:
            - cluster:
                server: %1$s
              name: %2$s
            contexts:
            - context:
                cluster: %2$s
                user: %3$s
              name: %2$s
            current-context: %2$s
            kind: Config
            preferences: {}
            users:
            - name: %3$s
              user:
            """.formatted(server, clusterName, userName) + userBody;
    }
}
