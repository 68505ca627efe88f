import { ApiProperty } from '@nestjs/swagger';
import { IsObject } from 'class-validator';

/** An RFC 9396 type of a server and the JSON Schema its authorization_details objects must match. */
export class AuthorizationDetailsTypeDto {
  @ApiProperty({ example: 'account_information' }) type: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'JSON Schema (validated with ajv, formats from ajv-formats) of one authorization_details object of this type. ' +
      'An array member marked "x-narrowable": true may be granted as a subset of what was requested.',
  })
  schema: Record<string, unknown>;
}

export class PutAuthorizationDetailsTypeDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'JSON Schema of one object of this type; must describe an object ("type": "object").',
    example: {
      type: 'object',
      required: ['type', 'accounts'],
      additionalProperties: false,
      properties: {
        type: { const: 'account_information' },
        accounts: { type: 'array', items: { type: 'string' }, 'x-narrowable': true },
      },
    },
  })
  @IsObject()
  schema: Record<string, unknown>;
}
