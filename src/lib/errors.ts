/** Error codes the product answers with; each maps to one HTTP status. */
export const ERROR_STATUS = {
  bad_request: 400,
  validation_failed: 422,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  already_answered: 409,
  survey_closed: 410,
  survey_locked: 409,
  survey_not_open: 409,
  translations_missing: 422,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  /** The database is unreachable or too busy to take the request in time: retry after the Retry-After header. */
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export type ErrorBody = { error: { code: ErrorCode | "internal_error"; message: string } };

/** A typed, expected failure. Routes turn it into `{"error":{"code","message"}}` with its 4xx status. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details?: unknown;

  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.status = ERROR_STATUS[code];
    this.details = details;
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
