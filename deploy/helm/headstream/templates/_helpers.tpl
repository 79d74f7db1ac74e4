{{/* Chart name, truncated to the 63 characters a label value allows. */}}
{{- define "headstream.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Release-qualified name of every object. */}}
{{- define "headstream.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else if contains (include "headstream.name" .) .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name (include "headstream.name" .) | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{- define "headstream.selectorLabels" -}}
app.kubernetes.io/name: {{ include "headstream.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "headstream.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{ include "headstream.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/component: stream-processor
{{- end }}

{{- define "headstream.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "headstream.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The image: the GPU variant when gpu.enabled. */}}
{{- define "headstream.image" -}}
{{- if .Values.gpu.enabled }}
{{- printf "%s:%s" .Values.gpu.image.repository (default (printf "%s-gpu" .Chart.AppVersion) .Values.gpu.image.tag) }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/*
The configuration map with the chart's own overrides applied: the GPU device when gpu.enabled,
the session timeout under static membership.
*/}}
{{- define "headstream.config" -}}
{{- $config := deepCopy .Values.config }}
{{- if .Values.gpu.enabled }}
{{- $_ := set $config "headstream.model.device" "gpu" }}
{{- end }}
{{- if .Values.staticMembership.enabled }}
{{- $_ := set $config "kafka.session.timeout.ms" (toString .Values.staticMembership.sessionTimeoutMs) }}
{{- end }}
{{- toYaml $config }}
{{- end }}

{{/* Fails the render when the grace period does not cover the app's close timeout. */}}
{{- define "headstream.checkGracePeriod" -}}
{{- $closeMs := int (index .Values.config "headstream.shutdown.timeout.ms" | default "30000") }}
{{- if le (mul (int .Values.terminationGracePeriodSeconds) 1000) $closeMs }}
{{- fail (printf "terminationGracePeriodSeconds (%v s) must exceed headstream.shutdown.timeout.ms (%v ms)" .Values.terminationGracePeriodSeconds $closeMs) }}
{{- end }}
{{- end }}

{{- define "headstream.checkAutoscaling" -}}
{{- if not (has .Values.autoscaling.mode (list "none" "keda" "hpa")) }}
{{- fail (printf "autoscaling.mode must be none, keda or hpa, is %v" .Values.autoscaling.mode) }}
{{- end }}
{{- end }}
