{{- define "recsys.fullname" -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 50 | trimSuffix "-" -}}
{{- end -}}

{{- define "recsys.labels" -}}
app.kubernetes.io/part-of: recsys-pipeline
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ .Chart.Name }}-{{ .Chart.Version }}
{{- end -}}

{{- define "recsys.image" -}}
{{ .root.Values.image.registry }}/{{ .service }}:{{ .root.Values.image.tag }}
{{- end -}}

{{- define "recsys.claimName" -}}
{{ .Values.persistence.existingClaim | default (printf "%s-home" (include "recsys.fullname" .)) }}
{{- end -}}

{{/* Environment every container gets: database, token, artifact root, alert secrets. */}}
{{- define "recsys.env" -}}
- name: RECSYS_HOME
  value: {{ .Values.home | quote }}
- name: QUARKUS_DATASOURCE_JDBC_URL
  value: {{ .Values.database.url | quote }}
- name: QUARKUS_DATASOURCE_USERNAME
  valueFrom:
    secretKeyRef: {name: {{ .Values.database.existingSecret }}, key: username}
- name: QUARKUS_DATASOURCE_PASSWORD
  valueFrom:
    secretKeyRef: {name: {{ .Values.database.existingSecret }}, key: password}
- name: RECSYS_API_TOKEN
  valueFrom:
    secretKeyRef: {name: {{ .Values.apiToken.existingSecret }}, key: token}
- name: RECSYS_INSTANCE_ID
  valueFrom:
    fieldRef: {fieldPath: metadata.name}
{{- with .Values.alerts.email.existingSecret }}
- name: QUARKUS_MAILER_USERNAME
  valueFrom:
    secretKeyRef: {name: {{ . }}, key: username, optional: true}
- name: QUARKUS_MAILER_PASSWORD
  valueFrom:
    secretKeyRef: {name: {{ . }}, key: password, optional: true}
{{- end }}
{{- with .Values.alerts.slack.existingSecret }}
- name: RECSYS_ALERTS_SLACK_WEBHOOK_URL
  valueFrom:
    secretKeyRef: {name: {{ . }}, key: webhook-url}
{{- end }}
{{- end -}}

{{- define "recsys.volumeMounts" -}}
- name: home
  mountPath: {{ .Values.home }}
- name: config
  mountPath: /deployments/config
  readOnly: true
{{- end -}}

{{- define "recsys.volumes" -}}
- name: home
  persistentVolumeClaim:
    claimName: {{ include "recsys.claimName" . }}
- name: config
  configMap:
    name: {{ include "recsys.fullname" . }}-config
{{- end -}}
