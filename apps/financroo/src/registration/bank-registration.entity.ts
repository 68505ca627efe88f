import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Financroo's client at one bank's authorization server (RFC 7591), with its keys; secrets sealed (SecretBox). */
@Entity({ name: 'bank_registration' })
export class BankRegistrationEntity {
  @PrimaryColumn({ name: 'bank_id', type: 'text' })
  bankId: string;

  /** The issuer it was registered at: another issuer in the banks file means a new registration. */
  @Column({ type: 'text' })
  issuer: string;

  @Column({ name: 'client_id', type: 'text' })
  clientId: string;

  /** `private_key_jwt` or `tls_client_auth`. */
  @Column({ type: 'text' })
  authentication: string;

  /** RFC 7592 client configuration endpoint (null for a client registered outside Financroo). */
  @Column({ name: 'registration_client_uri', type: 'text', nullable: true })
  registrationClientUri: string | null;

  /** Sealed RFC 7592 registration access token. */
  @Column({ name: 'registration_access_token', type: 'text', nullable: true })
  registrationAccessToken: string | null;

  /** The client metadata as last sent (public values only): a change is an RFC 7592 update. */
  @Column({ type: 'jsonb' })
  metadata: Record<string, unknown>;

  /** Sealed private JWK that signs request objects and client assertions. */
  @Column({ name: 'signing_key', type: 'text' })
  signingKey: string;

  /** Sealed private JWK of the DPoP proof key (null with mutual TLS). */
  @Column({ name: 'dpop_key', type: 'text', nullable: true })
  dpopKey: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
