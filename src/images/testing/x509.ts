// Test support: a self-signed X.509 certificate for an EC P-256 key (DER written by hand — no
// openssl, no npm package) and ES256 JWTs in the form docker/distribution's token auth accepts.
import { createHash, generateKeyPairSync, randomBytes, sign, X509Certificate } from 'node:crypto';
import type { KeyObject } from 'node:crypto';

// ---- minimal DER ----
function derLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let n = length; n > 0; n >>= 8) bytes.unshift(n & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}
function tlv(tag: number, content: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), derLength(content.length), content]);
}
const sequence = (...items: Buffer[]) => tlv(0x30, Buffer.concat(items));
const set = (...items: Buffer[]) => tlv(0x31, Buffer.concat(items));
const explicit = (n: number, content: Buffer) => tlv(0xa0 | n, content);
function integer(value: Buffer): Buffer {
  let bytes = value;
  while (bytes.length > 1 && bytes[0] === 0 && (bytes[1] & 0x80) === 0) bytes = bytes.subarray(1);
  if (bytes[0] & 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
  return tlv(0x02, bytes);
}
function oid(dotted: string): Buffer {
  const parts = dotted.split('.').map(Number);
  const bytes: number[] = [parts[0] * 40 + parts[1]];
  for (const part of parts.slice(2)) {
    const chunk: number[] = [];
    let n = part;
    do {
      chunk.unshift(n & 0x7f);
      n = Math.floor(n / 128);
    } while (n > 0);
    for (let i = 0; i < chunk.length - 1; i++) chunk[i] |= 0x80;
    bytes.push(...chunk);
  }
  return tlv(0x06, Buffer.from(bytes));
}
const utf8String = (text: string) => tlv(0x0c, Buffer.from(text, 'utf8'));
const bitString = (bytes: Buffer) => tlv(0x03, Buffer.concat([Buffer.from([0]), bytes]));
const octetString = (bytes: Buffer) => tlv(0x04, bytes);
const boolean = (value: boolean) => tlv(0x01, Buffer.from([value ? 0xff : 0]));
function utcTime(date: Date): Buffer {
  const pad = (n: number) => String(n).padStart(2, '0');
  const text = `${pad(date.getUTCFullYear() % 100)}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}Z`;
  return tlv(0x17, Buffer.from(text, 'ascii'));
}

const ECDSA_WITH_SHA256 = '1.2.840.10045.4.3.2';
const COMMON_NAME = '2.5.4.3';
const BASIC_CONSTRAINTS = '2.5.29.19';
const KEY_USAGE = '2.5.29.15';

export interface SigningIdentity {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** DER of the self-signed certificate. */
  certificateDer: Buffer;
  certificatePem: string;
  /** libtrust key ID of the public key (what distribution 2.x matches a JWT `kid` against). */
  keyId: string;
}

/** A fresh P-256 key and a self-signed CA certificate for it, valid from an hour ago for a day. */
export function createSigningIdentity(commonName = 'kube-hybrid test token issuer'): SigningIdentity {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const name = sequence(set(sequence(oid(COMMON_NAME), utf8String(commonName))));
  const now = Date.now();
  const algorithm = sequence(oid(ECDSA_WITH_SHA256));
  const extensions = explicit(
    3,
    sequence(
      sequence(oid(BASIC_CONSTRAINTS), boolean(true), octetString(sequence(boolean(true)))),
      // digitalSignature (bit 0) + keyCertSign (bit 5): 0b10000100, 2 unused bits
      sequence(oid(KEY_USAGE), boolean(true), octetString(tlv(0x03, Buffer.from([0x02, 0x84])))),
    ),
  );
  const serial = randomBytes(12);
  serial[0] &= 0x7f;
  const tbs = sequence(
    explicit(0, integer(Buffer.from([2]))),
    integer(serial),
    algorithm,
    name,
    sequence(utcTime(new Date(now - 3_600_000)), utcTime(new Date(now + 86_400_000))),
    name,
    spki,
    extensions,
  );
  const signature = sign('sha256', tbs, privateKey); // DER-encoded ECDSA signature
  const certificateDer = sequence(tbs, algorithm, bitString(signature));
  // Sanity: Node must be able to read it and check its self-signature.
  const parsed = new X509Certificate(certificateDer);
  if (!parsed.verify(publicKey)) throw new Error('self-signed test certificate does not verify');
  const base64 = certificateDer.toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '');
  const certificatePem = `-----BEGIN CERTIFICATE-----\n${base64}\n-----END CERTIFICATE-----\n`;
  return { privateKey, publicKey, certificateDer, certificatePem, keyId: libtrustKeyId(spki) };
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
function base32(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

/** libtrust's KeyID: base32 of the first 240 bits of sha256(DER SPKI), in ':'-separated groups of 4. */
export function libtrustKeyId(spkiDer: Buffer): string {
  const encoded = base32(createHash('sha256').update(spkiDer).digest().subarray(0, 30));
  return encoded.match(/.{4}/g)?.join(':') ?? encoded;
}

const base64url = (bytes: Buffer | string) => Buffer.from(bytes).toString('base64url');

export interface RegistryAccess {
  type: string;
  name: string;
  actions: string[];
}

export interface TokenClaims {
  issuer: string;
  audience: string;
  subject: string;
  access: RegistryAccess[];
  /** Seconds; default 300. */
  lifetime?: number;
}

/**
 * An ES256 JWT as distribution's token package verifies it: the signing key named by `x5c` (a
 * chain ending in `rootcertbundle`) or by `kid` (libtrust key ID of a root's key); the signature
 * is the raw r‖s pair (JOSE form), not DER.
 */
export function signRegistryToken(identity: SigningIdentity, claims: TokenClaims, keyHeader: 'x5c' | 'kid' = 'x5c'): string {
  const header: Record<string, unknown> = { typ: 'JWT', alg: 'ES256' };
  if (keyHeader === 'x5c') header.x5c = [identity.certificateDer.toString('base64')];
  else header.kid = identity.keyId;
  const now = Math.floor(Date.now() / 1000);
  const payload = {
    iss: claims.issuer,
    sub: claims.subject,
    aud: claims.audience,
    exp: now + (claims.lifetime ?? 300),
    nbf: now - 10,
    iat: now,
    jti: randomBytes(16).toString('hex'),
    access: claims.access,
  };
  const signingInput = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}`;
  const signature = sign('sha256', Buffer.from(signingInput), { key: identity.privateKey, dsaEncoding: 'ieee-p1363' });
  return `${signingInput}.${base64url(signature)}`;
}
