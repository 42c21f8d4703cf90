// Translated labels and option lists for the enumerations of the IPC contract.
import type { ApplicationKind } from "./bindings/ApplicationKind";
import type { ApplicationStatus } from "./bindings/ApplicationStatus";
import type { FindingKind } from "./bindings/FindingKind";
import type { RecordKind } from "./bindings/RecordKind";
import type { RegistrationStatus } from "./bindings/RegistrationStatus";
import type { Role } from "./bindings/Role";
import type { UnitKind } from "./bindings/UnitKind";
import { hasKey, type MessageKey, type Translate } from "./i18n";

export const UNIT_KINDS: UnitKind[] = ["agency", "institution", "enterprise", "project", "organization", "individual"];
export const RECORD_KINDS: RecordKind[] = ["paperScan", "electronic", "businessData"];

export const unitKindLabel = (t: Translate, kind: UnitKind) => t(`unitKind.${kind}`);
export const recordKindLabel = (t: Translate, kind: RecordKind) => t(`recordKind.${kind}`);
export const statusLabel = (t: Translate, status: RegistrationStatus) => t(`status.${status}`);

export const unitKindOptions = (t: Translate) => UNIT_KINDS.map((k) => ({ value: k, label: unitKindLabel(t, k) }));
export const recordKindOptions = (t: Translate) => RECORD_KINDS.map((k) => ({ value: k, label: recordKindLabel(t, k) }));

/** Every kind of finding has a label (checked against the backend's kinds when this
 * compiles); a kind a newer backend added is shown raw. */
export function findingKindLabel(t: Translate, kind: string): string {
  return hasKey(`finding.${kind}`) ? t(`finding.${kind as FindingKind}`) : kind;
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

/** A ledger action (`registration.seal`) in words; an unknown one is shown as it is. */
export function actionLabel(t: Translate, action: string): string {
  const key = `action.${action}`;
  return hasKey(key) ? t(key) : action;
}

/** What the access log records (its own chain beside the ledger). */
export const ACCESS_EVENTS = [
  "sign_in",
  "sign_in_failed",
  "sign_out",
  "lock",
  "unlock",
  "unlock_failed",
  "cert_print",
  "cert_verify",
  "export",
] as const;

/** Every action the ledger records, for the audit filter. */
export const LEDGER_ACTIONS = [
  "registration.create",
  "registration.intake",
  "registration.add_items",
  "registration.remove_items",
  "registration.item_meta",
  "registration.catalogue",
  "registration.handover_ref",
  "registration.supplied_checksums",
  "registration.intake_problems",
  "registration.check",
  "registration.accept_findings",
  "registration.check_accept",
  "registration.seal",
  "registration.restore",
  "registration.handback",
  "registration.hold",
  "registration.hold_release",
  "disposal.apply",
  "disposal.reject",
  "registration.dispose",
  "medium.disposal_removed",
  "registration.discard",
  "certificate.issue",
  "attestation",
  "application.create",
  "application.approve",
  "application.reject",
  "medium.add",
  "medium.backup",
  "medium.health_confirmed",
  "medium.verify",
  "medium.repair",
  "medium.location",
  "medium.checkout",
  "medium.checkin",
  "medium.retire",
  "vault.repair",
  "unit.add",
  "unit.edit",
  "domain.add",
  "domain.rename",
  "domain.retire",
  "user.add",
  "user.disable",
  "user.enable",
  "user.password",
  "user.roles",
  "key.create",
  "key.unlock",
  "key.rotate",
  "settings.set",
  "archive.init",
  "archive.update",
  "archive.recover",
  "peer.add",
  "peer.rotate",
  "upward.export",
  "upward.import",
  "upward.ack",
  "upward.fork",
  "upward.recovery_medium",
  "upward.restore",
  "series.add",
  "series.edit",
] as const;

/** Prefixes the audit filter offers as "all actions on …". */
export const ACTION_GROUPS = ["registration", "medium", "application", "user", "key", "upward"] as const;

/** A ledger subject (`registration:5`, `medium:3`, `setting:four_eyes`) in words. */
export function subjectLabel(t: Translate, subject: string): string {
  const at = subject.indexOf(":");
  const kind = at < 0 ? subject : subject.slice(0, at);
  let id = at < 0 ? "" : subject.slice(at + 1);
  const key = `subject.${kind}`;
  if (!hasKey(key)) return subject;
  if (kind === "setting") {
    const setting = `setting.${id.split(".")[0]}`;
    const part = id.includes(".") ? id.slice(id.indexOf(".") + 1) : "";
    const detail = part ? ` · ${hasKey(`media.kind.${part}`) ? t(`media.kind.${part}` as MessageKey) : part}` : "";
    if (hasKey(setting)) id = `${t(setting)}${detail}`;
  }
  return t(key, { id });
}

/** A four-property check rule (`integrity.missing_title`) in words. */
export function ruleLabel(t: Translate, rule: string): string {
  const key = `rule.${rule}`;
  return hasKey(key) ? t(key) : rule;
}
