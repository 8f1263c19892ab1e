/** Error codes shared by the REST API, the CLI and clients; each maps to one HTTP status. */
export const ErrorCode = {
  badRequest: 400,
  validation: 400,
  unauthorized: 401,
  forbidden: 403,
  notFound: 404,
  conflict: 409,
  payloadTooLarge: 413,
  unsupportedMediaType: 415,
  /** A `Range` outside a kept file (the answer's `Content-Range` gives its size). */
  rangeNotSatisfiable: 416,
  rateLimited: 429,
  internal: 500,
  storageUnavailable: 503,
} as const;
export type ErrorCode = keyof typeof ErrorCode;

/** One issue of a failed validation, as zod reports it. */
export interface ValidationIssue {
  path: (string | number)[];
  message: string;
  code?: string;
}

/** The JSON body of every error response: `{ error: { code, message, issues? } }`. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; issues?: ValidationIssue[] };
}

/** The one error type the project throws on purpose; `code` decides the HTTP status. */
export class AppError extends Error {
  override readonly name = 'AppError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues?: ValidationIssue[],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  get status(): number {
    return ErrorCode[this.code];
  }

  toBody(): ErrorBody {
    return {
      error: { code: this.code, message: this.message, ...(this.issues ? { issues: this.issues } : {}) },
    };
  }
}
