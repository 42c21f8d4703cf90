// The core's defaults for a new archive (media/status.rs, accounts.rs): what the wizard's
// policy step shows until the admin or a settings file changes them.
import type { Policies } from "../../bindings/Policies";

export const MEDIUM_KINDS = ["hdd", "ssd", "usb", "optical", "tape"] as const;

export const DEFAULT_POLICIES: Policies = {
  fourEyes: true,
  idleLockMinutes: 10,
  copySetsRequired: 2,
  checkCycleMonths: { hdd: 12, ssd: 12, usb: 12, optical: 48, tape: 24 },
  domains: [],
};
