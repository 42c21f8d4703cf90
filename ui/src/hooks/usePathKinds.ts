import { useEffect, useState } from "react";
import { pathKinds } from "../api";
import type { PathKind } from "../bindings/PathKind";

/** What each path is (file, folder, missing), looked up whenever the list changes, so a
 *  form flags a path that does not exist when it is added. Unknown until answered. */
export function usePathKinds(paths: string[]): Record<string, PathKind> {
  const [kinds, setKinds] = useState<Record<string, PathKind>>({});
  const key = paths.join("\n");
  useEffect(() => {
    let current = true;
    const list = key ? key.split("\n") : [];
    if (list.length === 0) {
      setKinds({});
      return;
    }
    pathKinds(list)
      .then((found) => current && setKinds(Object.fromEntries(list.map((p, i) => [p, found[i]]))))
      .catch(() => current && setKinds({}));
    return () => {
      current = false;
    };
  }, [key]);
  return kinds;
}
