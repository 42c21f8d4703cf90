// The intake form's values live here so nothing typed or picked is lost when the clerk
// switches screens or when a job fails.
import type { RecordKind } from "../bindings/RecordKind";
import { createStore } from "./createStore";

export type IntakeFormState = {
  unitId: number | null;
  title: string;
  kind: RecordKind | null;
  paths: string[];
};

const empty: IntakeFormState = { unitId: null, title: "", kind: null, paths: [] };

export const intakeForm = createStore<IntakeFormState>(empty);

export function updateIntakeForm(patch: Partial<IntakeFormState>): void {
  intakeForm.set((s) => ({ ...s, ...patch }));
}

/** Adds paths, ignoring blanks and ones already listed. */
export function addIntakePaths(paths: string[]): void {
  intakeForm.set((s) => {
    const next = [...s.paths];
    for (const raw of paths) {
      const p = raw.trim();
      if (p && !next.includes(p)) next.push(p);
    }
    return { ...s, paths: next };
  });
}

export function removeIntakePath(path: string): void {
  intakeForm.set((s) => ({ ...s, paths: s.paths.filter((p) => p !== path) }));
}

export function resetIntakeForm(): void {
  intakeForm.set(empty);
}
