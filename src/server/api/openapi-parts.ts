import "server-only";

/** Pieces every operation of the OpenAPI document (openapi.ts and the per-domain openapi-*.ts files) builds with. */
export type JsonObject = { [key: string]: unknown };

export const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** A 4xx response in the error shape, with its example. */
export function errorResponse(description: string, example: { code: string; message: string }) {
  return {
    description,
    content: { "application/json": { schema: ref("Error"), example: { error: example } } },
  };
}
