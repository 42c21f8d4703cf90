import { getCurrentWebview } from "@tauri-apps/api/webview";
import { useEffect, useEffectEvent, useState } from "react";

/**
 * Listens for files and folders dropped from the file manager onto the window (Tauri's
 * native drag-and-drop, which yields real paths) while `enabled`; returns whether a drag
 * is hovering over the window.
 */
export function useDragDrop(onDrop: (paths: string[]) => void, enabled: boolean): boolean {
  const [hovering, setHovering] = useState(false);
  const dropped = useEffectEvent(onDrop);

  useEffect(() => {
    if (!enabled) return;
    let disposed = false;
    let unlisten: (() => void) | null = null;
    try {
      getCurrentWebview()
        .onDragDropEvent((event) => {
          const p = event.payload;
          if (p.type === "enter" || p.type === "over") setHovering(true);
          else if (p.type === "leave") setHovering(false);
          else if (p.type === "drop") {
            setHovering(false);
            if (p.paths.length > 0) dropped(p.paths);
          }
        })
        .then((u) => {
          if (disposed) u();
          else unlisten = u;
        })
        .catch(() => undefined);
    } catch {
      // Not running inside Tauri (e.g. plain browser preview): no native drops.
    }
    return () => {
      disposed = true;
      unlisten?.();
      setHovering(false);
    };
  }, [enabled]);

  return hovering;
}
