import { TokenEntity } from '../token-store/token.entity';
import { entityFromRow } from './entity-from-row';

describe('entityFromRow', () => {
  it('puts snake_case columns on camelCase properties of a real entity instance', () => {
    const expiresAt = new Date('2026-11-24T20:00:00Z');
    const token = entityFromRow(TokenEntity, {
      token_hash: 'h',
      x5t_s256: 'thumb',
      authorization_details: [{ type: 'accounts' }],
      expires_at: expiresAt,
      revoked_at: null,
    });
    expect(token).toBeInstanceOf(TokenEntity);
    expect({ ...token }).toEqual({
      tokenHash: 'h',
      x5tS256: 'thumb',
      authorizationDetails: [{ type: 'accounts' }],
      expiresAt,
      revokedAt: null,
    });
  });

  it('turns the listed columns from JSON strings into Dates, and leaves nulls alone', () => {
    const token = entityFromRow(
      TokenEntity,
      { expires_at: '2026-11-24T20:00:00.123456+00:00', revoked_at: null, scope: '2026-11-24' },
      ['expires_at', 'revoked_at'],
    );
    expect(token.expiresAt).toEqual(new Date('2026-11-24T20:00:00.123Z'));
    expect(token.revokedAt).toBeNull();
    expect(token.scope).toBe('2026-11-24');
  });
});
