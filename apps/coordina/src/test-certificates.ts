import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A private CA and a server certificate it signed, as PEM files (private keys in PKCS#8). */
export interface TestCertificates {
  caFile: string;
  certFile: string;
  keyFile: string;
  /** The server's key and certificate in one file (Kafka's PEM keystore). */
  keyAndCertFile: string;
}

const openssl = (args: string[]) => execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
const ecKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

/**
 * Makes a throwaway CA and a certificate for a server on this machine (localhost and
 * 127.0.0.1), valid for two days, with openssl: the servers the transport security tests
 * start (Kafka's SASL_SSL listener, PostgreSQL, Redis) present it and the clients verify it.
 */
export function makeTestCertificates(dir: string, name = 'coordina-test'): TestCertificates {
  mkdirSync(dir, { recursive: true });
  const caFile = join(dir, 'ca.pem');
  const caKey = join(dir, 'ca.key');
  const certFile = join(dir, 'server.pem');
  const keyFile = join(dir, 'server.key');
  const keyAndCertFile = join(dir, 'server.key-and-cert.pem');
  openssl([
    'req',
    '-x509',
    ...ecKey,
    '-keyout',
    caKey,
    '-out',
    caFile,
    '-days',
    '2',
    '-subj',
    `/CN=${name} CA`,
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  openssl([
    'req',
    '-x509',
    '-CA',
    caFile,
    '-CAkey',
    caKey,
    ...ecKey,
    '-keyout',
    keyFile,
    '-out',
    certFile,
    '-days',
    '2',
    '-subj',
    '/CN=localhost',
    '-addext',
    'subjectAltName=DNS:localhost,IP:127.0.0.1',
    '-addext',
    'basicConstraints=critical,CA:FALSE',
    '-addext',
    'extendedKeyUsage=serverAuth',
  ]);
  writeFileSync(keyAndCertFile, readFileSync(keyFile, 'utf8') + readFileSync(certFile, 'utf8'), { mode: 0o600 });
  return { caFile, certFile, keyFile, keyAndCertFile };
}
