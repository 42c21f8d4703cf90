import { Button, Result, Spin } from "antd";
import { useState } from "react";
import { archiveInfo } from "../api";
import type { ArchiveInfo } from "../bindings/ArchiveInfo";
import { useLoad } from "../hooks/useLoad";
import { useI18n } from "../i18n";
import FirstRunPage from "../pages/FirstRunPage";
import Shell from "./Shell";

/** Reads archive_info and shows either the first-run screen or the main layout. */
export default function Root() {
  const { t } = useI18n();
  const loaded = useLoad(archiveInfo);
  const [override, setOverride] = useState<ArchiveInfo | null>(null);
  const info = override ?? loaded.data;

  if (!info && loaded.loading) {
    return (
      <div className="first-run">
        <Spin description={t("app.loading")} size="large">
          <div style={{ width: 200, height: 80 }} />
        </Spin>
      </div>
    );
  }
  if (!info) {
    return (
      <div className="first-run">
        <Result
          status="error"
          title={t("app.loadFailed")}
          subTitle={loaded.error}
          extra={<Button onClick={loaded.reload}>{t("app.retry")}</Button>}
        />
      </div>
    );
  }
  if (!info.initialized) return <FirstRunPage onDone={setOverride} />;
  return <Shell info={info} />;
}
