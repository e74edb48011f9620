/** CloudEvents 1.0 envelope: the same bytes on the PostgreSQL log and on Kafka. */
export interface CloudEvent<T = unknown> {
  specversion: '1.0';
  id: string;
  source: string;
  type: string;
  /** The ordering key. */
  subject: string;
  time: string;
  datacontenttype: 'application/json';
  dataschema: string;
  data: T;
  traceparent?: string;
  requestid?: string;
}
