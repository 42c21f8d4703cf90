import type { ApiError } from "./bindings/ApiError";

/** True when a rejected value has the ApiError shape sent by the backend. */
export function isApiError(e: unknown): e is ApiError {
  return typeof e === "object" && e !== null && typeof (e as ApiError).message === "string";
}

/** A human-readable message for anything an API call may reject with. */
export function errorMessage(e: unknown): string {
  if (isApiError(e)) return e.message;
  if (typeof e === "string") return e;
  if (e instanceof Error) return e.message;
  return String(e);
}
