/**
 * The one error base every provider's errors extend, so the core (finalize's retry, reconcile, the back office) can
 * tell "try again" from "refused" without knowing which vendor answered.
 *
 * Next.js bundles a module into more than one chunk (route handlers, pages), each with its own copy of these classes:
 * an error made in one chunk would fail `instanceof` in another. So each base marks its instances with a process-wide
 * symbol, and `instanceof` on the base checks the mark; on a subclass it is the ordinary prototype check.
 */
const UNREACHABLE = Symbol.for("klarna-storefront.ProviderUnreachableError");
const REFUSED = Symbol.for("klarna-storefront.ProviderRefusedError");

function hasMark(value: unknown, mark: symbol): boolean {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[mark] === true;
}

/**
 * The provider could not be reached, did not answer in time, failed (5xx), asked the store to slow down (429) or
 * answered something the store will not trust. A write's outcome is unknown: retry it only with the same idempotency
 * key; a handler the provider calls (push, webhook) answers 5xx so that it is called again.
 */
export class ProviderUnreachableError extends Error {
  /** The HTTP status, when there was an answer. */
  readonly status: number | undefined;

  constructor(message: string, options: { status?: number; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = "ProviderUnreachableError";
    this.status = options.status;
    Object.defineProperty(this, UNREACHABLE, { value: true });
  }

  static [Symbol.hasInstance](value: unknown): boolean {
    if (this === ProviderUnreachableError) return hasMark(value, UNREACHABLE);
    return Function.prototype[Symbol.hasInstance].call(this, value);
  }
}

/** The provider understood the call and refused it (4xx): the same call gets the same answer, so it is not retried. */
export class ProviderRefusedError extends Error {
  readonly status: number;

  constructor(message: string, status: number) {
    super(message);
    this.name = "ProviderRefusedError";
    this.status = status;
    Object.defineProperty(this, REFUSED, { value: true });
  }

  static [Symbol.hasInstance](value: unknown): boolean {
    if (this === ProviderRefusedError) return hasMark(value, REFUSED);
    return Function.prototype[Symbol.hasInstance].call(this, value);
  }
}
