// Translated labels and option lists for the enumerations of the IPC contract.
import type { ApplicationKind } from "./bindings/ApplicationKind";
import type { ApplicationStatus } from "./bindings/ApplicationStatus";
import type { RecordKind } from "./bindings/RecordKind";
import type { RegistrationStatus } from "./bindings/RegistrationStatus";
import type { Role } from "./bindings/Role";
import type { UnitKind } from "./bindings/UnitKind";
import { hasKey, type Translate } from "./i18n";

export const UNIT_KINDS: UnitKind[] = ["agency", "institution", "enterprise", "project", "organization", "individual"];
export const RECORD_KINDS: RecordKind[] = ["paperScan", "electronic", "businessData"];

export const unitKindLabel = (t: Translate, kind: UnitKind) => t(`unitKind.${kind}`);
export const recordKindLabel = (t: Translate, kind: RecordKind) => t(`recordKind.${kind}`);
export const statusLabel = (t: Translate, status: RegistrationStatus) => t(`status.${status}`);

export const unitKindOptions = (t: Translate) => UNIT_KINDS.map((k) => ({ value: k, label: unitKindLabel(t, k) }));
export const recordKindOptions = (t: Translate) => RECORD_KINDS.map((k) => ({ value: k, label: recordKindLabel(t, k) }));

/** Finding kinds are open-ended: known ones get a label, unknown ones are shown raw. */
export function findingKindLabel(t: Translate, kind: string): string {
  const key = `finding.${kind}`;
  return hasKey(key) ? t(key) : kind;
}

/** "登记号" column: the number once sealed, otherwise "草稿 #id". */
export function registrationLabel(t: Translate, r: { id: number; registrationNumber: string | null }): string {
  return r.registrationNumber ?? t("regs.draftNo", { id: r.id });
}

export const ROLES: Role[] = ["admin", "clerk", "reviewer"];
export const APPLICATION_KINDS: ApplicationKind[] = ["restore", "handback"];

export const roleLabel = (t: Translate, role: Role) => t(`role.${role}`);
export const applicationKindLabel = (t: Translate, kind: ApplicationKind) => t(`appKind.${kind}`);
export const applicationStatusLabel = (t: Translate, status: ApplicationStatus) => t(`appStatus.${status}`);
