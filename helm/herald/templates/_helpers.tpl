{{- define "herald.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "herald.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else if contains (include "herald.name" .) .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name (include "herald.name" .) | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{- define "herald.selectorLabels" -}}
app.kubernetes.io/name: {{ include "herald.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "herald.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{ include "herald.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* The Secret the chart creates: JWT keys, Redis URL and metrics token given as values. */}}
{{- define "herald.secretName" -}}
{{- include "herald.fullname" . }}
{{- end }}

{{- define "herald.jwtSecretName" -}}
{{- default (include "herald.secretName" .) .Values.jwt.existingSecret }}
{{- end }}

{{- define "herald.hasRedis" -}}
{{- if or .Values.redis.url .Values.redis.existingSecret }}true{{ end }}
{{- end }}

{{- define "herald.hasJwt" -}}
{{- if or .Values.jwt.publisherKey .Values.jwt.existingSecret }}true{{ end }}
{{- end }}

{{/* Checks that stop a release which could not work, before anything is applied. */}}
{{- define "herald.validate" -}}
{{- if and (or (gt (int .Values.replicaCount) 1) .Values.autoscaling.enabled) (not (include "herald.hasRedis" .)) }}
{{- fail "herald: more than one replica (replicaCount > 1 or autoscaling.enabled) needs a shared Redis: set redis.url or redis.existingSecret. Without it each pod keeps its own history and its subscribers miss what is published to the others." }}
{{- end }}
{{- if le (int .Values.shutdown.timeoutSeconds) (int .Values.shutdown.drainWindowSeconds) }}
{{- fail "herald: shutdown.timeoutSeconds must be longer than shutdown.drainWindowSeconds (the hub refuses to start otherwise)." }}
{{- end }}
{{- if and .Values.shutdown.terminationGracePeriodSeconds (lt (int .Values.shutdown.terminationGracePeriodSeconds) (int (include "herald.minimumGrace" .))) }}
{{- fail (printf "herald: shutdown.terminationGracePeriodSeconds must be at least preStopSleepSeconds + drainWindowSeconds + timeoutSeconds = %s, or Kubernetes kills the hub before it has drained." (include "herald.minimumGrace" .)) }}
{{- end }}
{{- end }}

{{- define "herald.minimumGrace" -}}
{{- add .Values.shutdown.preStopSleepSeconds .Values.shutdown.drainWindowSeconds .Values.shutdown.timeoutSeconds }}
{{- end }}

{{- define "herald.terminationGracePeriodSeconds" -}}
{{- default (include "herald.minimumGrace" .) .Values.shutdown.terminationGracePeriodSeconds }}
{{- end }}

{{- define "herald.maxConnectionsPerIp" -}}
{{- if ne (toString .Values.maxConnectionsPerIp) "" }}{{ .Values.maxConnectionsPerIp }}{{ else if .Values.ingress.enabled }}0{{ end }}
{{- end }}
