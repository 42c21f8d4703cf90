import { Button, Result, Spin } from "antd";
import { useEffect, type ReactNode } from "react";
import { archiveInfo } from "../api";
import type { ArchiveInfo } from "../bindings/ArchiveInfo";
import { useLoad } from "../hooks/useLoad";
import { useI18n } from "../i18n";
import BootstrapAdminPage from "../pages/BootstrapAdminPage";
import FirstRunPage from "../pages/FirstRunPage";
import LoginPage from "../pages/LoginPage";
import { archiveOverride } from "../stores/archive";
import { refreshSession, sessionStore } from "../stores/session";
import DemoBanner from "./DemoBanner";
import LockScreen from "./LockScreen";
import Shell from "./Shell";

function Loading() {
  const { t } = useI18n();
  return (
    <div className="first-run">
      <Spin description={t("app.loading")} size="large">
        <div style={{ width: 200, height: 80 }} />
      </Spin>
    </div>
  );
}

/** Reads archive_info and the session; shows the first-run screen, the login screen or the
 *  main layout (under the lock screen while locked). */
export default function Root() {
  const { t } = useI18n();
  const loaded = useLoad(archiveInfo);
  const override = archiveOverride.use();
  const setOverride = (next: ArchiveInfo) => archiveOverride.set(next);
  const info = override ?? loaded.data;
  const session = sessionStore.use();
  const initialized = info?.initialized === true;

  useEffect(() => {
    if (initialized) refreshSession().catch(() => sessionStore.set(null));
  }, [initialized]);

  if (!info && loaded.loading) return <Loading />;
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
  if (!info.hasAccounts) return <BootstrapAdminPage info={info} onDone={setOverride} />;
  if (session === undefined) return <Loading />;
  if (session === null) return <Framed info={info}>{<LoginPage info={info} />}</Framed>;
  return (
    <Framed info={info}>
      <Shell info={info} session={session} />
      {session.locked && <LockScreen session={session} />}
    </Framed>
  );
}

/** The training archive's banner above every screen; a real archive's screens as they are. */
function Framed({ info, children }: { info: ArchiveInfo; children: ReactNode }) {
  if (!info.demo) return <>{children}</>;
  return (
    <div className="app-frame">
      <DemoBanner info={info} />
      <div className="app-frame-body">{children}</div>
    </div>
  );
}
