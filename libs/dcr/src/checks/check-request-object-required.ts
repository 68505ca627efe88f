// RFC 9101 §10.5 require_signed_request_object: a JSON boolean; true makes PAR refuse requests without `request` (PAR-19).
import type { MetadataCheckContext } from '../metadata-check-context';
import { optionalBoolean } from '../metadata-members';

export function checkRequestObjectRequired({ input, output }: MetadataCheckContext): void {
  const required = optionalBoolean(input, 'require_signed_request_object');
  if (required !== undefined) output.require_signed_request_object = required;
}
