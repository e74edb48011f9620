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
- name: KAFKA_SESSION_TIMEOUT_MS
  valueFrom: { configMapKeyRef: { name: {{ .Release.Name }}-config, key: KAFKA_SESSION_TIMEOUT_MS } }
- name: KAFKA_HEARTBEAT_INTERVAL_MS
  valueFrom: { configMapKeyRef: { name: {{ .Release.Name }}-config, key: KAFKA_HEARTBEAT_INTERVAL_MS } }
- name: KAFKA_GROUP_PROTOCOL
  valueFrom: { configMapKeyRef: { name: {{ .Release.Name }}-config, key: KAFKA_GROUP_PROTOCOL } }
- name: REDIS_URL
  valueFrom: { configMapKeyRef: { name: {{ .Release.Name }}-config, key: REDIS_URL } }
- name: PUBLIC_URL
  valueFrom: { configMapKeyRef: { name: {{ .Release.Name }}-config, key: PUBLIC_URL } }
- name: LOG_LEVEL
  valueFrom: { configMapKeyRef: { name: {{ .Release.Name }}-config, key: LOG_LEVEL } }
{{- with .Values.kafka.tls }}{{ if .enabled }}
- name: KAFKA_SSL
  value: "true"
{{- if .caSecret }}
- name: KAFKA_SSL_CA_FILE
  value: /etc/coordina/tls/kafka/{{ .caKey }}
{{- end }}
{{- end }}{{ end }}
{{- with .Values.kafka.sasl }}{{ if .mechanism }}
- name: KAFKA_SASL_MECHANISM
  value: {{ .mechanism | quote }}
{{- if ne .mechanism "AWS_MSK_IAM" }}
- name: KAFKA_SASL_USERNAME
  value: {{ required "kafka.sasl.username is needed with kafka.sasl.mechanism" .username | quote }}
- name: KAFKA_SASL_PASSWORD
  valueFrom: { secretKeyRef: { name: {{ required "kafka.sasl.secret is needed with kafka.sasl.mechanism" .secret }}, key: {{ .passwordKey }} } }
{{- end }}
{{- end }}{{ end }}
{{- if .Values.kafka.awsRegion }}
- name: AWS_REGION
  value: {{ .Values.kafka.awsRegion | quote }}
{{- end }}
{{- if .Values.redis.caSecret }}
- name: REDIS_TLS_CA_FILE
  value: /etc/coordina/tls/redis/{{ .Values.redis.caKey }}
{{- end }}
{{- if .Values.postgres.sslMode }}
- name: PGSSLMODE
  value: {{ .Values.postgres.sslMode | quote }}
{{- end }}
{{- if .Values.postgres.caSecret }}
- name: PGSSLROOTCERT
  value: /etc/coordina/tls/postgres/{{ .Values.postgres.caKey }}
{{- end }}
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


{{/* The CA certificates of Kafka, Redis and PostgreSQL, each from its Secret, read-only. */}}
{{- define "coordina.tlsMounts" -}}
{{- range $name, $v := dict "kafka" .Values.kafka.tls "redis" .Values.redis "postgres" .Values.postgres }}
{{- if $v.caSecret }}
- { name: {{ $name }}-ca, mountPath: /etc/coordina/tls/{{ $name }}, readOnly: true }
{{- end }}
{{- end }}
{{- end -}}

{{- define "coordina.tlsVolumes" -}}
{{- range $name, $v := dict "kafka" .Values.kafka.tls "redis" .Values.redis "postgres" .Values.postgres }}
{{- if $v.caSecret }}
- { name: {{ $name }}-ca, secret: { secretName: {{ $v.caSecret }}, items: [{ key: {{ $v.caKey }}, path: {{ $v.caKey }} }] } }
{{- end }}
{{- end }}
{{- end -}}
