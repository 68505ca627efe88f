export {
  ensureSandboxPki,
  type CertificateFiles,
  type ClientCertificateRequest,
  type PkiRequest,
  type SandboxPki,
  type ServerCertificateRequest,
} from './ensure-sandbox-pki';
export { ensureStandardSandboxPki, SANDBOX_PKI_LAYOUT } from './sandbox-layout';
export { normalizeDn, subjectDnOf } from './distinguished-name';
export { certificateThumbprintSha256 } from './certificate-thumbprint';
export { peerCertificate, peerCertificateOf, type PeerCertificate } from './peer-certificate';
