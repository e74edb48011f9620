{{- define "coordina.labels" -}}
app.kubernetes.io/name: coordina
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end -}}

{{- define "coordina.env" -}}
- name: COORDINA_MODE
  value: distributed
- name: KAFKA_BROKERS
  valueFrom: { configMapKeyRef: { name: {{ .Release.Name }}-config, key: KAFKA_BROKERS } }
- name: KAFKA_PARTITIONS
  valueFrom: { configMapKeyRef: { name: {{ .Release.Name }}-config, key: KAFKA_PARTITIONS } }
- name: KAFKA_REPLICATION_FACTOR
  valueFrom: { configMapKeyRef: { name: {{ .Release.Name }}-config, key: KAFKA_REPLICATION_FACTOR } }
- name: KAFKA_TOPIC_PREFIX
  valueFrom: { configMapKeyRef: { name: {{ .Release.Name }}-config, key: KAFKA_TOPIC_PREFIX } }
- name: REDIS_URL
  valueFrom: { configMapKeyRef: { name: {{ .Release.Name }}-config, key: REDIS_URL } }
- name: PUBLIC_URL
  valueFrom: { configMapKeyRef: { name: {{ .Release.Name }}-config, key: PUBLIC_URL } }
- name: COORDINA_TRUSTED_PROXIES
  valueFrom: { configMapKeyRef: { name: {{ .Release.Name }}-config, key: COORDINA_TRUSTED_PROXIES } }
- name: LOG_LEVEL
  valueFrom: { configMapKeyRef: { name: {{ .Release.Name }}-config, key: LOG_LEVEL } }
# Prometheus metrics on their own port, which no Service or Ingress exposes (scrape annotations name it).
- name: COORDINA_METRICS_PORT
  value: "9464"
- name: POD_IP
  valueFrom: { fieldRef: { fieldPath: status.podIP } }
- name: ADVERTISE_URL
  value: "http://$(POD_IP):8080"
{{- end -}}

{{- define "coordina.probes" -}}
readinessProbe:
  httpGet: { path: /health, port: http }
  periodSeconds: 5
  failureThreshold: 2
livenessProbe:
  httpGet: { path: /health, port: http }
  initialDelaySeconds: 20
  periodSeconds: 10
  failureThreshold: 3
{{- end -}}
