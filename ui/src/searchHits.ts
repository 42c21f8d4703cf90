// How a search hit is shown and where it leads, shared by the header box and the search page.
import type { SearchHit } from "./bindings/SearchHit";
import type { SearchHitKind } from "./bindings/SearchHitKind";
import type { Route } from "./router";

export const HIT_KINDS: SearchHitKind[] = ["unit", "registration", "item"];

/** The unit list for a unit, the registration page for a registration or one of its files. */
export function hitRoute(hit: SearchHit): Route {
  return hit.registrationId === null ? { name: "units" } : { name: "registration", id: hit.registrationId };
}

/** The hit's main line: the unit's name, the registration's title, the file's 题名 or path. */
export function hitTitle(hit: SearchHit): string {
  switch (hit.kind) {
    case "unit":
      return hit.unitName;
    case "registration":
      return hit.title ?? hit.registrationLabel ?? "";
    case "item":
      return hit.title ?? hit.path ?? "";
  }
}

/** The hit's second line: where it sits. */
export function hitContext(hit: SearchHit): string {
  switch (hit.kind) {
    case "unit":
      return hit.uscc ?? "";
    case "registration":
      return [hit.registrationLabel, hit.unitName].filter(Boolean).join(" · ");
    case "item":
      return [hit.refCode, hit.title ? hit.path : null, hit.registrationLabel, hit.unitName].filter(Boolean).join(" · ");
  }
}
