import type { CheckSummary } from "../../bindings/CheckSummary";
import { App } from "antd";
import { useEffect, useRef } from "react";
import { formatBytes, formatCount } from "../../format";
import { useI18n } from "../../i18n";
import { getRoute, navigate } from "../../router";
import { resetIntakeForm } from "../../stores/intakeForm";
import { clearIntakeJob, intakeJob } from "../../stores/jobs";
import { openJobNotice } from "./jobNotice";

/** Errors and warnings of a check, over its four properties. */
function checkCounts(s: CheckSummary) {
  const all = [s.authenticity, s.integrity, s.usability, s.security];
  return { errors: formatCount(all.reduce((n, c) => n + c.error, 0)), warnings: formatCount(all.reduce((n, c) => n + c.warning, 0)) };
}

/**
 * Reacts when the intake job ends, wherever the clerk is: on the intake screen it opens the
 * registration; elsewhere it shows a notification with a link, so no work is interrupted.
 */
export default function JobWatcher() {
  const { t } = useI18n();
  const { message, notification } = App.useApp();
  const job = intakeJob.use();
  const handled = useRef(new Set<string>());

  useEffect(() => {
    if (!job || handled.current.has(job.jobId)) return;
    const onIntake = getRoute().name === "intake";

    if (job.status === "done" && job.outcome) {
      handled.current.add(job.jobId);
      const o = job.outcome;
      const text = o.cancelled
        ? t("intake.cancelled")
        : t("intake.done", { files: formatCount(o.files), bytes: formatBytes(o.bytes) }) +
          (o.findings > 0 ? t("intake.doneFindings", { findings: formatCount(o.findings) }) : "") +
          (o.check ? t("intake.doneCheck", checkCounts(o.check)) : "");
      // After a cancel keep the chosen paths: adding the same folder again resumes the draft.
      if (!o.cancelled) resetIntakeForm();
      clearIntakeJob();
      const target = { name: "registration", id: o.draftId } as const;
      if (onIntake) {
        navigate(target);
        if (o.cancelled) message.warning(text, 6);
        else message.success(text);
      } else {
        openJobNotice(notification, {
          jobId: job.jobId,
          type: o.cancelled ? "warning" : "success",
          title: t("intake.finishedElsewhere"),
          description: text,
          view: t("common.view"),
          onView: () => navigate(target),
        });
      }
    } else if (job.status === "failed") {
      handled.current.add(job.jobId);
      if (!onIntake) {
        openJobNotice(notification, {
          jobId: job.jobId,
          type: "error",
          title: t("intake.failed"),
          description: job.error,
          view: t("common.view"),
          onView: () => navigate({ name: "intake", draftId: job.request.draftId ?? undefined }),
        });
      }
    }
  }, [job, message, notification, t]);

  return null;
}
