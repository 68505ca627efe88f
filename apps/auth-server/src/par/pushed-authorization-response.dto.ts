import { ApiProperty } from '@nestjs/swagger';

/** RFC 9126 §2.2 */
export class PushedAuthorizationResponseDto {
  @ApiProperty({ example: 'urn:ietf:params:oauth:request_uri:6esc_11ACC5bwc014ltc14eY22c' })
  request_uri: string;

  @ApiProperty({ example: 90 })
  expires_in: number;
}
