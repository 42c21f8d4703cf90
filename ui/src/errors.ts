import type { ApiError } from "./bindings/ApiError";
import type { ErrorCode } from "./bindings/ErrorCode";
import { errorTextsEn } from "./errorTexts";
import { getLang } from "./i18n";

/** True when a rejected value has the ApiError shape sent by the backend. */
export function isApiError(e: unknown): e is ApiError {
  return typeof e === "object" && e !== null && typeof (e as ApiError).message === "string";
}

/** True when a command rejected with this code (a code the backend does not have fails to compile). */
export function hasCode(e: unknown, code: ErrorCode): boolean {
  return isApiError(e) && e.code === code;
}

/** A human-readable message for anything an API call may reject with: in English mode the
 * code's English text, else (and for a code without one) the backend's Chinese message. */
export function errorMessage(e: unknown): string {
  if (isApiError(e)) return (getLang() === "en" && errorTextsEn[e.code as ErrorCode]) || e.message;
  if (typeof e === "string") return e;
  if (e instanceof Error) return e.message;
  return String(e);
}
