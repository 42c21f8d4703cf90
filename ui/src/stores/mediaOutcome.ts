// What a finished media job says, in one place for its result panel and its notification.
import { formatBytes, formatCount, formatDuration } from "../format";
import type { Translate } from "../i18n";
import type { MediaJob, MediaResult } from "./mediaJob";

export type OutcomeText = { type: "success" | "warning" | "error"; headline: string; description: string };

/** "本机库房" or "介质 A1": where a restore or repair read its files. */
export const sourceLabel = (t: Translate, source: string | null) =>
  source === null ? t("media.fromVault") : t("media.fromMedium", { label: source });

/** The job's kind and subject, e.g. "核验 · A1". */
export const mediaJobTitle = (t: Translate, job: Pick<MediaJob, "kind" | "subject">) =>
  job.subject ? `${t(`media.job.${job.kind}`)} · ${job.subject}` : t(`media.job.${job.kind}`);

export function mediaOutcomeText(t: Translate, r: MediaResult): OutcomeText {
  const units = { h: t("progress.h"), m: t("progress.m"), s: t("progress.s") };
  const cancelled = (description: string): OutcomeText => ({ type: "warning", headline: t("media.cancelled"), description });
  switch (r.kind) {
    case "backup": {
      const o = r.outcome;
      const description = t("media.backupSummary", {
        bags: formatCount(o.written.length),
        files: formatCount(o.files),
        bytes: formatBytes(o.bytes),
        held: formatCount(o.alreadyHeld),
        time: formatDuration(o.elapsedMs / 1000, units),
      });
      if (o.cancelled) return cancelled(description);
      const evidence = o.signed ? t("media.backupSigned") : t("media.backupUnsigned");
      const readBack = o.readBack ? ` ${t("media.backupReadBackDone")}` : "";
      return { type: "success", headline: t("media.backupDone"), description: `${description}${readBack} ${evidence}` };
    }
    // A hand-back is a restore of the whole registration plus its hand-over record.
    case "restore":
    case "handback": {
      const o = r.outcome;
      const act = r.kind;
      const summary = t(`${act}.summary`, { files: formatCount(o.files), bytes: formatBytes(o.bytes), time: formatDuration(o.elapsedMs / 1000, units) });
      const source = t("restore.sourceLine", { source: sourceLabel(t, o.source) });
      if (o.cancelled) return cancelled(`${summary} ${source}`);
      const record = o.record ? ` ${t("handback.record", { path: o.record })} ${t(o.signed ? "handback.recordSigned" : "handback.recordUnsigned")}` : "";
      const disposed = o.disposed > 0 ? ` ${t("restore.disposedSkipped", { n: formatCount(o.disposed) })}` : "";
      return { type: "success", headline: t(`${act}.done`), description: `${summary} ${source} ${t("restore.checked")}${record}${disposed}` };
    }
    case "verify": {
      const o = r.outcome;
      const summary = t("media.verifySummary", {
        checked: formatCount(o.bagsChecked),
        held: formatCount(o.bagsHeld),
        files: formatCount(o.files),
        bytes: formatBytes(o.bytes),
      });
      const description = o.sha256Only ? `${summary} ${t("media.verifiedSha256Only")}` : summary;
      if (o.cancelled) return cancelled(description);
      if (o.ok) return { type: "success", headline: t("media.allGood"), description };
      return { type: "error", headline: t("media.problems", { n: formatCount(o.problems.length) }), description };
    }
    case "vaultVerify": {
      const o = r.outcome;
      const description = t("vault.summary", { objects: formatCount(o.objects), bytes: formatBytes(o.bytes) });
      if (o.cancelled) return cancelled(description);
      if (o.ok) return { type: "success", headline: t("vault.ok"), description };
      return { type: "error", headline: t("vault.problems", { n: formatCount(o.problems.length) }), description };
    }
    case "vaultRepair": {
      const o = r.outcome;
      const description = t("vault.repairSummary", {
        found: formatCount(o.found),
        medium: o.medium,
        repaired: formatCount(o.repaired),
        quarantined: formatCount(o.quarantined),
        unrepaired: formatCount(o.unrepaired.length),
      });
      if (o.cancelled) return cancelled(description);
      if (o.ok) return { type: "success", headline: t("vault.repairOk"), description };
      return { type: "error", headline: t("vault.repairLeft", { n: formatCount(o.unrepaired.length) }), description };
    }
    case "repair": {
      const o = r.outcome;
      const description = t("media.repairSummary", {
        found: formatCount(o.found.length),
        rewritten: formatCount(o.rewritten.length),
        quarantined: formatCount(o.quarantined.length),
        unrepaired: formatCount(o.unrepaired.length),
        source: sourceLabel(t, o.source),
      });
      if (o.after.cancelled) return cancelled(description);
      if (o.after.ok) return { type: "success", headline: t("media.repairOk"), description };
      return { type: "error", headline: t("media.repairLeft", { n: formatCount(o.after.problems.length) }), description };
    }
  }
}
