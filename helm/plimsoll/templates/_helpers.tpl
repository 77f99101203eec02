{{/*
Names, labels and the few pieces every workload shares.
*/}}

{{- define "plimsoll.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "plimsoll.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* A resource name with a suffix, kept within 63 characters. */}}
{{- define "plimsoll.suffixed" -}}
{{- $base := include "plimsoll.fullname" .root | trunc (int (sub 62 (len .suffix))) | trimSuffix "-" -}}
{{- printf "%s-%s" $base .suffix -}}
{{- end -}}

{{- define "plimsoll.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels that select pods of one component: call with (dict "root" $ "component" "server"). */}}
{{- define "plimsoll.selectorLabels" -}}
app.kubernetes.io/name: {{ include "plimsoll.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "plimsoll.labels" -}}
helm.sh/chart: {{ include "plimsoll.chart" .root }}
{{ include "plimsoll.selectorLabels" . }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/part-of: plimsoll
{{- end -}}

{{- define "plimsoll.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "plimsoll.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* "repository@digest" when a digest is set, else "repository:tag" (tag defaults to appVersion). */}}
{{- define "plimsoll.image" -}}
{{- $image := .image -}}
{{- if $image.digest -}}
{{- printf "%s@%s" $image.repository $image.digest -}}
{{- else -}}
{{- printf "%s:%s" $image.repository (default .root.Chart.AppVersion $image.tag) -}}
{{- end -}}
{{- end -}}

{{/* The JDBC URL of the external (or evaluation) PostgreSQL. */}}
{{- define "plimsoll.jdbcUrl" -}}
{{- $db := .Values.database -}}
{{- $params := list (printf "sslmode=%s" $db.sslMode) -}}
{{- if $db.caCertSecret -}}
{{- $params = append $params "sslrootcert=/var/run/secrets/plimsoll/database-ca/ca.crt" -}}
{{- end -}}
{{- if $db.extraJdbcParameters -}}
{{- $params = append $params $db.extraJdbcParameters -}}
{{- end -}}
{{- printf "jdbc:postgresql://%s:%d/%s?%s" $db.host (int $db.port) $db.name (join "&" $params) -}}
{{- end -}}

{{/*
The container security context every Plimsoll container gets: nothing configurable weakens it.
*/}}
{{- define "plimsoll.containerSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .runAsUser }}
runAsGroup: {{ .runAsGroup }}
readOnlyRootFilesystem: true
allowPrivilegeEscalation: false
privileged: false
capabilities:
  drop:
    - ALL
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* The pod security context; call with (dict "ids" <ids> "groups" <list> "appArmor" <bool>). */}}
{{- define "plimsoll.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .ids.runAsUser }}
runAsGroup: {{ .ids.runAsGroup }}
fsGroup: {{ .ids.fsGroup }}
fsGroupChangePolicy: OnRootMismatch
{{- with .groups }}
supplementalGroups:
  {{- toYaml . | nindent 2 }}
{{- end }}
seccompProfile:
  type: RuntimeDefault
{{- if .appArmor }}
appArmorProfile:
  type: RuntimeDefault
{{- end }}
{{- end -}}

{{/* Environment shared by the backend and the migration job: the database and identity. */}}
{{- define "plimsoll.databaseEnv" -}}
- name: QUARKUS_DATASOURCE_JDBC_URL
  value: {{ include "plimsoll.jdbcUrl" . | quote }}
- name: PLIMSOLL_DATABASE_APP_ROLE
  value: {{ .Values.database.appRoleName | quote }}
{{- end -}}

{{/* A secretKeyRef environment variable: (dict "name" "X" "secret" "s" "key" "k"). */}}
{{- define "plimsoll.secretEnv" -}}
- name: {{ .name }}
  valueFrom:
    secretKeyRef:
      name: {{ .secret | quote }}
      key: {{ .key | quote }}
{{- end -}}

{{/* Refuses settings that cannot work together, with a message that says what to change. */}}
{{- define "plimsoll.validate" -}}
{{- $s := .Values.shutdown -}}
{{- if ge (add (int $s.preStopSleepSeconds) (int $s.timeoutSeconds)) (int $s.terminationGracePeriodSeconds) -}}
{{- fail (printf "shutdown: preStopSleepSeconds (%d) + timeoutSeconds (%d) must be below terminationGracePeriodSeconds (%d), or Kubernetes kills the pod before Quarkus has finished its requests" (int $s.preStopSleepSeconds) (int $s.timeoutSeconds) (int $s.terminationGracePeriodSeconds)) -}}
{{- end -}}
{{- if and .Values.autoscaling.enabled (lt (int .Values.autoscaling.maxReplicas) (int .Values.autoscaling.minReplicas)) -}}
{{- fail (printf "autoscaling: maxReplicas (%d) must not be below minReplicas (%d)" (int .Values.autoscaling.maxReplicas) (int .Values.autoscaling.minReplicas)) -}}
{{- end -}}
{{- range $name, $value := .Values.extraEnv -}}
{{- if regexMatch "(?i)(PASSWORD|SECRET|TOKEN|CREDENTIAL|PRIVATE|_KEY$)" $name -}}
{{- fail (printf "extraEnv.%s looks like a secret: put it in a Secret and name it in extraSecretEnv instead of writing its value in values" $name) -}}
{{- end -}}
{{- end -}}
{{- end -}}
