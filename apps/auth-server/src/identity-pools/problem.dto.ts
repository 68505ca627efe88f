import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

class InvalidRecordDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: [String] }) errors: string[];
}

/** RFC 9457 problem details as the pools API answers them (Swagger only). */
export class ProblemDto {
  @ApiProperty({ example: 'urn:ofs:problem:schema-incompatible' }) type: string;
  @ApiProperty() title: string;
  @ApiProperty() status: number;
  @ApiPropertyOptional() detail?: string;
  @ApiPropertyOptional({ type: [String], description: 'What is wrong with the request or the attributes.' })
  errors?: string[];
  @ApiPropertyOptional({ description: 'schema-incompatible: how many records would not validate.' }) count?: number;
  @ApiPropertyOptional({
    type: [InvalidRecordDto],
    description: 'schema-incompatible: some of them, with their errors.',
  })
  sample?: InvalidRecordDto[];
  @ApiPropertyOptional({ description: '5xx: the request id, in the logs.' }) correlation_id?: string;
}
