// The system file dialogs, always with a title and file-type names in the clerk's language.
import { open, save } from "@tauri-apps/plugin-dialog";
import type { Translate } from "./i18n";

export type FileKind = "pdf" | "csv" | "xlsx" | "json" | "catalogue" | "certificate";

const EXTENSIONS: Record<FileKind, string[]> = {
  pdf: ["pdf"],
  csv: ["csv"],
  xlsx: ["xlsx"],
  json: ["json"],
  catalogue: ["csv", "xlsx", "xls", "txt"],
  certificate: ["pem", "crt", "cer"],
};

const filters = (t: Translate, kind: FileKind) => [{ name: t(`dialog.filter.${kind}`), extensions: EXTENSIONS[kind] }];

/** 另存为: the chosen path, or null when the clerk cancelled. */
export const saveFileDialog = (t: Translate, title: string, defaultPath: string, kind: FileKind) =>
  save({ title, defaultPath, filters: filters(t, kind) });

/** One file of `kind`: its path, or null when cancelled. */
export async function openFileDialog(t: Translate, title: string, kind: FileKind): Promise<string | null> {
  const chosen = await open({ title, multiple: false, filters: filters(t, kind) });
  return typeof chosen === "string" ? chosen : null;
}

/** One folder: its path, or null when cancelled. */
export async function openFolderDialog(title: string): Promise<string | null> {
  const chosen = await open({ title, directory: true, multiple: false });
  return typeof chosen === "string" ? chosen : null;
}

/** Several files or folders (as the clerk chose): their paths, none when cancelled. */
export async function openManyDialog(title: string, directory: boolean): Promise<string[]> {
  const chosen = await open({ title, directory, multiple: true });
  if (chosen === null) return [];
  return Array.isArray(chosen) ? chosen : [chosen];
}
