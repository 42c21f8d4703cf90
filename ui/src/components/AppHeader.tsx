import { SyncOutlined } from "@ant-design/icons";
import { Button, Tag } from "antd";
import type { ArchiveInfo } from "../bindings/ArchiveInfo";
import { setLang, useI18n } from "../i18n";
import { navigate } from "../router";
import { intakeJob, isJobActive, progressPercent } from "../stores/jobs";

export default function AppHeader({ info }: { info: ArchiveInfo }) {
  const { t, lang } = useI18n();
  const job = intakeJob.use();
  const active = isJobActive(job);
  const p = job?.progress;
  return (
    <header className="app-header">
      <div className="app-header-title" title={info.dataDir}>
        {info.archiveName ?? t("app.title")}
        {info.regionName && <Tag style={{ marginLeft: 12 }}>{info.regionName}</Tag>}
      </div>
      {active && (
        <Tag
          icon={<SyncOutlined spin />}
          color="processing"
          style={{ cursor: "pointer" }}
          onClick={() => navigate({ name: "intake", draftId: job?.request.draftId ?? undefined })}
        >
          {t("header.jobRunning", { percent: progressPercent(p ?? null) })}
        </Tag>
      )}
      <Button data-testid="lang-switch" onClick={() => setLang(lang === "zh" ? "en" : "zh")}>
        {t("lang.switch")}
      </Button>
    </header>
  );
}
