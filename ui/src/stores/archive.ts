// The archive the app shows once it changed since start-up: a first-run path created one,
// or the demo was ended. Root prefers it to what archive_info said at start.
import type { ArchiveInfo } from "../bindings/ArchiveInfo";
import { createStore } from "./createStore";

export const archiveOverride = createStore<ArchiveInfo | null>(null);
