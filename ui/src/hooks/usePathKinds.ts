import { useEffect, useState } from "react";
import { pathKinds } from "../api";
import type { PathKind } from "../bindings/PathKind";

/** What each path is (file, folder, missing), looked up whenever the list changes, so a
 *  form flags a path that does not exist when it is added. Unknown until answered. */
export function usePathKinds(paths: string[]): Record<string, PathKind> {
  const [answer, setAnswer] = useState<{ key: string; kinds: Record<string, PathKind> }>({ key: "", kinds: {} });
  const key = paths.join("\n");
  useEffect(() => {
    let current = true;
    const list = key ? key.split("\n") : [];
    if (list.length === 0) return;
    pathKinds(list)
      .then((found) => current && setAnswer({ key, kinds: Object.fromEntries(list.map((p, i) => [p, found[i]])) }))
      .catch(() => current && setAnswer({ key, kinds: {} }));
    return () => {
      current = false;
    };
  }, [key]);
  // Only the answer for this very list: an older one says nothing about it.
  return answer.key === key ? answer.kinds : {};
}
