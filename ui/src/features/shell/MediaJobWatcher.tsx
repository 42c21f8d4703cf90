import { App } from "antd";
import { useEffect, useRef } from "react";
import { useI18n } from "../../i18n";
import { getRoute, navigate } from "../../router";
import { isMediaJobActive, mediaJob, mediaJobHome } from "../../stores/mediaJob";
import { mediaJobTitle, mediaOutcomeText } from "../../stores/mediaOutcome";
import { openJobNotice } from "./jobNotice";

/**
 * When a backup, verification, repair or restore ends while the clerk is on another screen
 * than the one showing it, a notification gives the outcome and a link back to the result
 * (which stays in the job store until closed or replaced).
 */
export default function MediaJobWatcher() {
  const { t } = useI18n();
  const { notification } = App.useApp();
  const job = mediaJob.use();
  // Jobs seen running: only their end is news (a result already there when the shell
  // mounts, e.g. after signing in again, is not).
  const running = useRef(new Set<string>());

  useEffect(() => {
    if (!job) return;
    if (isMediaJobActive(job)) {
      running.current.add(job.jobId);
      return;
    }
    if (!running.current.delete(job.jobId)) return;
    const home = mediaJobHome(job.kind);
    if (getRoute().name === home.name) return;
    const title = mediaJobTitle(t, job);
    const view = { jobId: job.jobId, view: t("common.view"), onView: () => navigate(home) };
    if (job.status === "failed") {
      openJobNotice(notification, { ...view, type: "error", title: `${title} · ${t("media.failed")}`, description: job.error });
    } else if (job.result) {
      const text = mediaOutcomeText(t, job.result);
      openJobNotice(notification, { ...view, type: text.type, title: `${title} · ${text.headline}`, description: text.description });
    }
  }, [job, notification, t]);

  return null;
}
