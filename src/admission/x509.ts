// Self-signed bootstrap certificates without openssl or an npm package: node:crypto makes the keys
// and signs; X.509 (RFC 5280) is a small DER structure we write here. ECDSA P-256 / SHA-256, which
// the API server's Go TLS stack accepts. cert-manager remains the recommended way (deploy/).
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { isIP } from 'node:net';

function derLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n % 256);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}
const der = (tag: number, ...content: Buffer[]) => {
  const body = Buffer.concat(content);
  return Buffer.concat([Buffer.from([tag]), derLength(body.length), body]);
};
const seq = (...items: Buffer[]) => der(0x30, ...items);

function derInteger(bytes: Buffer): Buffer {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0 && (bytes[start + 1] & 0x80) === 0) start++;
  const trimmed = bytes.subarray(start);
  return der(0x02, trimmed[0] & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed);
}

function derOid(dotted: string): Buffer {
  const [a, b, ...rest] = dotted.split('.').map(Number);
  const out: number[] = [a * 40 + b];
  for (const value of rest) {
    const group: number[] = [];
    let n = value;
    do {
      group.unshift((n % 128) | (group.length > 0 ? 0x80 : 0));
      n = Math.floor(n / 128);
    } while (n > 0);
    out.push(...group);
  }
  return der(0x06, Buffer.from(out));
}

function derTime(date: Date): Buffer {
  const iso = date.toISOString().replace(/[-:T]/g, '').slice(0, 14) + 'Z'; // YYYYMMDDHHMMSSZ
  return date.getUTCFullYear() < 2050 ? der(0x17, Buffer.from(iso.slice(2), 'ascii')) : der(0x18, Buffer.from(iso, 'ascii'));
}

const OID = {
  commonName: '2.5.4.3',
  organization: '2.5.4.10',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
  subjectAltName: '2.5.29.17',
  subjectKeyIdentifier: '2.5.29.14',
  authorityKeyIdentifier: '2.5.29.35',
};

function derName(commonName: string, organization?: string): Buffer {
  const rdn = (oid: string, value: string) => der(0x31, seq(derOid(oid), der(0x0c, Buffer.from(value, 'utf8'))));
  return seq(...(organization ? [rdn(OID.organization, organization)] : []), rdn(OID.commonName, commonName));
}

function extension(oid: string, critical: boolean, value: Buffer): Buffer {
  return seq(derOid(oid), ...(critical ? [der(0x01, Buffer.from([0xff]))] : []), der(0x04, value));
}

function ipBytes(ip: string): Buffer {
  if (isIP(ip) === 4) return Buffer.from(ip.split('.').map(Number));
  // IPv6: expand "::" then 8 groups of 16 bits.
  const [head, tail] = ip.split('::');
  const left = head ? head.split(':') : [];
  const right = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill('0'), ...right];
  return Buffer.concat(groups.map((g) => { const b = Buffer.alloc(2); b.writeUInt16BE(parseInt(g, 16)); return b; }));
}

function keyIdentifier(publicKey: KeyObject): Buffer {
  return createHash('sha1').update(publicKey.export({ type: 'spki', format: 'der' })).digest();
}

export interface KeyPairPem {
  /** PEM certificate. */
  cert: string;
  /** PEM PKCS#8 private key. */
  key: string;
}

export interface CertificateRequest {
  commonName: string;
  /** DNS names and IP addresses (subjectAltName). */
  hosts?: string[];
  validDays: number;
  isCA: boolean;
  /** What a leaf certificate is for (extKeyUsage): serving TLS (default) or a TLS client (e.g. a kubeconfig user). */
  usage?: 'server' | 'client';
  /** The signer; absent for a self-signed certificate. */
  issuer?: { cert: string; key: string; commonName: string };
  now?: Date;
}

function toPem(label: string, body: Buffer): string {
  const b64 = body.toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '');
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}

export function createCertificate(request: CertificateRequest): KeyPairPem {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const now = request.now ?? new Date();
  const notBefore = new Date(now.getTime() - 5 * 60_000); // tolerate clock skew
  const notAfter = new Date(now.getTime() + request.validDays * 86_400_000);
  const signerKey = request.issuer ? createPrivateKey(request.issuer.key) : privateKey;
  const signerPublic = request.issuer ? createPublicKey(signerKey) : publicKey;
  const issuerName = request.issuer ? derName(request.issuer.commonName, 'kube-hybrid') : derName(request.commonName, 'kube-hybrid');
  const algorithm = seq(derOid(OID.ecdsaWithSha256));
  const extensions: Buffer[] = [
    extension(OID.basicConstraints, true, request.isCA ? seq(der(0x01, Buffer.from([0xff]))) : seq()),
    // keyUsage bits: digitalSignature (0) for a server; + keyCertSign (5), cRLSign (6) for a CA.
    extension(OID.keyUsage, true, request.isCA ? der(0x03, Buffer.from([0x01, 0x86])) : der(0x03, Buffer.from([0x07, 0x80]))),
    extension(OID.subjectKeyIdentifier, false, der(0x04, keyIdentifier(publicKey))),
    extension(OID.authorityKeyIdentifier, false, seq(der(0x80, keyIdentifier(signerPublic)))),
  ];
  if (!request.isCA) extensions.push(extension(OID.extKeyUsage, false, seq(derOid(request.usage === 'client' ? OID.clientAuth : OID.serverAuth))));
  const hosts = request.hosts ?? [];
  if (hosts.length > 0) {
    extensions.push(extension(OID.subjectAltName, false, seq(...hosts.map((h) => (isIP(h) ? der(0x87, ipBytes(h)) : der(0x82, Buffer.from(h, 'ascii')))))));
  }
  const serial = randomBytes(16);
  serial[0] &= 0x7f;
  const tbs = seq(
    der(0xa0, derInteger(Buffer.from([2]))),
    derInteger(serial),
    algorithm,
    issuerName,
    seq(derTime(notBefore), derTime(notAfter)),
    derName(request.commonName, 'kube-hybrid'),
    publicKey.export({ type: 'spki', format: 'der' }),
    der(0xa3, seq(...extensions)),
  );
  const signature = sign('sha256', tbs, signerKey);
  const certificate = seq(tbs, algorithm, der(0x03, Buffer.from([0]), signature));
  return { cert: toPem('CERTIFICATE', certificate), key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
}


export interface ServingCertificates {
  ca: KeyPairPem;
  serving: KeyPairPem;
}

/** A CA and a serving certificate signed by it, for `hosts` (the Service's DNS names). */
export function createServingCertificates(hosts: string[], options: { caDays?: number; servingDays?: number; now?: Date } = {}): ServingCertificates {
  const caName = 'kube-hybrid-webhook-ca';
  const ca = createCertificate({ commonName: caName, validDays: options.caDays ?? 3650, isCA: true, now: options.now });
  const serving = createCertificate({ commonName: hosts[0] ?? 'kube-hybrid-webhook', hosts, validDays: options.servingDays ?? 365, isCA: false, issuer: { ...ca, commonName: caName }, now: options.now });
  return { ca, serving };
}

/** The DNS names the API server may use for a Service. */
export function serviceHosts(service: string, namespace: string): string[] {
  return [service, `${service}.${namespace}`, `${service}.${namespace}.svc`, `${service}.${namespace}.svc.cluster.local`];
}
