import { App } from "antd";
import { useI18n } from "../i18n";
import { clearMediaJob } from "../stores/mediaJob";

/**
 * Starts a media job in place of the last finished one; when another is still running it
 * says so and returns false (only one backup, verification, repair or restore at a time).
 */
export function useMediaJobStart(): (start: () => unknown) => boolean {
  const { t } = useI18n();
  const { message } = App.useApp();
  return (start) => {
    try {
      clearMediaJob();
      start();
      return true;
    } catch {
      message.warning(t("media.busy"));
      return false;
    }
  };
}
