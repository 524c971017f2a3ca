import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A private CA and a server certificate it signed for 127.0.0.1 and localhost, made with openssl. */
export interface TestCertificates {
  caPem: string;
  /** The server's key and certificate, for https.createServer. */
  key: string;
  cert: string;
  /** When the server certificate expires (ms), as openssl wrote it. */
  validTo: number;
}

const openssl = (dir: string, args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

/** A fresh CA each call, so a certificate of one call is not trusted by another's CA. */
export function makeCertificates({ serverDays }: { serverDays: number }): TestCertificates {
  const dir = mkdtempSync(join(tmpdir(), 'imalert-certs-'));
  try {
    openssl(dir, ['req', '-x509', ...EC, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '30', '-subj', '/CN=imalert test CA',
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
    openssl(dir, ['req', ...EC, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1']);
    writeFileSync(join(dir, 'ext.cnf'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n');
    openssl(dir, ['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem',
      '-days', String(serverDays), '-extfile', 'ext.cnf']);
    const end = openssl(dir, ['x509', '-in', 'server.pem', '-noout', '-enddate']).toString().trim().replace(/^notAfter=/, '');
    return {
      caPem: readFileSync(join(dir, 'ca.pem'), 'utf8'),
      key: readFileSync(join(dir, 'server.key'), 'utf8'),
      cert: readFileSync(join(dir, 'server.pem'), 'utf8'),
      validTo: Date.parse(end),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
