import { ExperimentOutlined } from "@ant-design/icons";
import { App, Button, Tooltip } from "antd";
import { discardDemo } from "../../api";
import type { ArchiveInfo } from "../../bindings/ArchiveInfo";
import { errorMessage } from "../../errors";
import { useI18n } from "../../i18n";
import { archiveOverride } from "../../stores/archive";
import { clearMediaJob } from "../../stores/mediaJob";
import { hasRole, sessionStore } from "../../stores/session";

/** 演示数据 · 仅供培训: above every screen of the training archive; its admin may end the
 *  demo (all demo data deleted) and return to the first-run wizard. */
export default function DemoBanner({ info }: { info: ArchiveInfo }) {
  const { t } = useI18n();
  const { modal, message } = App.useApp();
  const session = sessionStore.use();
  const admin = hasRole(session, "admin") && !session?.locked;

  const end = () =>
    modal.confirm({
      title: t("demo.endTitle"),
      content: t("demo.endConfirm"),
      okText: t("demo.endOk"),
      okButtonProps: { danger: true, "data-testid": "demo-end-confirm" },
      cancelText: t("common.cancel"),
      onOk: async () => {
        try {
          await discardDemo();
          // As at sign-out: a finished job's result belonged to the demo session.
          clearMediaJob();
          sessionStore.set(null);
          archiveOverride.set({ ...info, initialized: false, archiveName: null, regionCode: null, regionName: null, hasAccounts: false, demo: false });
        } catch (e) {
          message.error(errorMessage(e));
        }
      },
    });

  return (
    <div className="demo-banner" data-testid="demo-banner">
      <Tooltip title={t("demo.bannerHint")}>
        <span>
          <ExperimentOutlined /> {t("demo.banner")}
        </span>
      </Tooltip>
      {admin && (
        <Button data-testid="demo-end" size="small" ghost onClick={end}>
          {t("demo.end")}
        </Button>
      )}
    </div>
  );
}
