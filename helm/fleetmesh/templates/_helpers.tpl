{{/* Chart name. */}}
{{- define "fleetmesh.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Full name: release-qualified unless the release name already contains the chart name. */}}
{{- define "fleetmesh.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "fleetmesh.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "fleetmesh.selectorLabels" -}}
app.kubernetes.io/name: {{ include "fleetmesh.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "fleetmesh.labels" -}}
helm.sh/chart: {{ include "fleetmesh.chart" . }}
{{ include "fleetmesh.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/component: resource-provider
app.kubernetes.io/part-of: fleetmesh
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "fleetmesh.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "fleetmesh.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "fleetmesh.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/* Name of the Secret the pod's env vars read (created by the chart, existing, or synced by the CSI driver). */}}
{{- define "fleetmesh.secretName" -}}
{{- default (printf "%s-secrets" (include "fleetmesh.fullname" .)) .Values.secrets.name }}
{{- end }}

{{/* JDBC URL. Entra ID auth adds the azure-identity-extensions authentication plugin. */}}
{{- define "fleetmesh.databaseUrl" -}}
{{- if .Values.database.url }}
{{- .Values.database.url }}
{{- else }}
{{- $url := printf "jdbc:postgresql://%s:%d/%s?sslmode=%s" .Values.database.host (int .Values.database.port) .Values.database.name .Values.database.sslMode }}
{{- if hasPrefix "verify-" .Values.database.sslMode }}
{{- /* Verify against the JVM's trusted CAs (Azure's server certificates chain to public roots), not ~/.postgresql/root.crt. */}}
{{- $url = printf "%s&sslfactory=org.postgresql.ssl.DefaultJavaSSLFactory" $url }}
{{- end }}
{{- if eq .Values.database.auth "entra" }}
{{- $url = printf "%s&authenticationPluginClassName=com.azure.identity.extensions.jdbc.postgresql.AzurePostgresqlAuthenticationPlugin" $url }}
{{- end }}
{{- $url }}
{{- end }}
{{- end }}

{{/*
Trusted token issuers as a YAML list: for config.auth.entra both versions Entra issues (v1.0 and v2.0, each with the
signing keys its metadata document names), then config.auth.issuers.
*/}}
{{- define "fleetmesh.authIssuers" -}}
{{- $issuers := list }}
{{- $entra := .Values.config.auth.entra }}
{{- if $entra.tenantId }}
{{- $authority := trimSuffix "/" .Values.config.azure.authorityHost }}
{{- $issuers = append $issuers (dict "issuer" (printf "%s/%s/" (trimSuffix "/" $entra.v1IssuerHost) $entra.tenantId) "jwkSetUri" (printf "%s/%s/discovery/keys" $authority $entra.tenantId)) }}
{{- $issuers = append $issuers (dict "issuer" (printf "%s/%s/v2.0" $authority $entra.tenantId) "jwkSetUri" (printf "%s/%s/discovery/v2.0/keys" $authority $entra.tenantId)) }}
{{- end }}
{{- concat $issuers .Values.config.auth.issuers | toYaml }}
{{- end }}

{{/* Accepted token audiences as a YAML list: the Entra application's App ID URI and client id, then config.auth.audiences. */}}
{{- define "fleetmesh.authAudiences" -}}
{{- $audiences := list }}
{{- with .Values.config.auth.entra.appIdUri }}{{ $audiences = append $audiences . }}{{ end }}
{{- with .Values.config.auth.entra.clientId }}{{ $audiences = append $audiences . }}{{ end }}
{{- concat $audiences .Values.config.auth.audiences | toYaml }}
{{- end }}

{{/* Checks of value combinations the schema cannot express. */}}
{{- define "fleetmesh.validate" -}}
{{- if and (eq .Values.database.auth "entra") (not .Values.workloadIdentity.enabled) (eq .Values.config.azure.credential "workload-identity") }}
{{- fail "database.auth=entra with config.azure.credential=workload-identity needs workloadIdentity.enabled=true" }}
{{- end }}
{{- if and (eq .Values.database.auth "entra") .Values.database.url (not (contains "authenticationPluginClassName=" .Values.database.url)) }}
{{- fail "database.auth=entra: database.url must carry authenticationPluginClassName=com.azure.identity.extensions.jdbc.postgresql.AzurePostgresqlAuthenticationPlugin" }}
{{- end }}
{{- if eq .Values.secrets.source "keyVault" }}
{{- if not .Values.secrets.keyVault.name }}
{{- fail "secrets.source=keyVault needs secrets.keyVault.name" }}
{{- end }}
{{- if not .Values.secrets.keyVault.tenantId }}
{{- fail "secrets.source=keyVault needs secrets.keyVault.tenantId" }}
{{- end }}
{{- if not (or .Values.secrets.keyVault.clientId .Values.workloadIdentity.clientId) }}
{{- fail "secrets.source=keyVault needs secrets.keyVault.clientId or workloadIdentity.clientId" }}
{{- end }}
{{- if not .Values.secrets.keyVault.objects.keyEncryptionKey.version }}
{{- fail "secrets.source=keyVault needs secrets.keyVault.objects.keyEncryptionKey.version (Bicep output keyEncryptionKeyVersion): unpinned, a new secret version would reach new pods only, and they could not read the mesh CA keys the others wrote" }}
{{- end }}
{{- $current := .Values.secrets.keyVault.objects.keyEncryptionKey }}
{{- $previous := .Values.secrets.keyVault.objects.previousKeyEncryptionKey }}
{{- if and (eq $previous.name $current.name) (eq $previous.version $current.version) }}
{{- fail "secrets.keyVault.objects.previousKeyEncryptionKey.version is the current key-encryption key's version: pin the version that keyEncryptionKey.version replaced" }}
{{- end }}
{{- end }}
{{- /* The service refuses to start under these; failing here tells the operator before a rollout hangs. */}}
{{- $issuers := include "fleetmesh.authIssuers" . | fromYamlArray }}
{{- $audiences := include "fleetmesh.authAudiences" . | fromYamlArray }}
{{- if and .Values.config.auth.entra.tenantId (not .Values.config.auth.entra.clientId) }}
{{- fail "config.auth.entra.tenantId needs config.auth.entra.clientId: v2.0 tokens carry the application's client id as their audience" }}
{{- end }}
{{- if and $issuers (not .Values.config.auth.allowedClientIds) }}
{{- fail "config.auth: issuers are trusted but allowedClientIds is empty; name ARM's application id, or the service refuses to start" }}
{{- end }}
{{- if and $issuers (not $audiences) }}
{{- fail "config.auth: issuers are trusted but no audience is set; set config.auth.entra (clientId, appIdUri) or config.auth.audiences" }}
{{- end }}
{{- range $audiences }}
{{- if not . }}
{{- fail "config.auth.audiences has an empty entry: an empty audience matches no token" }}
{{- end }}
{{- end }}
{{- if and .Values.ingress.enabled (not .Values.ingress.host) }}
{{- fail "ingress.enabled needs ingress.host: the host name ARM calls (the provider registration's endpoint)" }}
{{- end }}
{{- if and .Values.ingress.enabled (not (or .Values.ingress.keyVaultCertificateUri .Values.secrets.keyVault.name)) }}
{{- fail "ingress.enabled needs ingress.keyVaultCertificateUri or secrets.keyVault.name: ARM calls over HTTPS only" }}
{{- end }}
{{- if and .Values.autoscaling.enabled (lt (int .Values.autoscaling.minReplicas) 2) }}
{{- fail "autoscaling.minReplicas must be at least 2" }}
{{- end }}
{{- end }}
