import { Button, Result, Spin } from "antd";
import { lazy, Suspense, useEffect, type ReactNode } from "react";
import { archiveInfo } from "../../api";
import type { ArchiveInfo } from "../../bindings/ArchiveInfo";
import { useLoad } from "../../hooks/useLoad";
import { useI18n } from "../../i18n";
import LoginPage from "../accounts/LoginPage";
import { archiveOverride } from "../../stores/archive";
import { refreshSession, sessionStore } from "../../stores/session";
import DemoBanner from "./DemoBanner";
import LockScreen from "../accounts/LockScreen";

// The sign-in screen is what a start shows first: it comes with the entry chunk, and the
// main layout (every page behind it) is fetched while the clerk types the password.
const loadShell = () => import("./Shell");
const Shell = lazy(loadShell);
const FirstRunPage = lazy(() => import("../firstRun/FirstRunPage"));
const BootstrapAdminPage = lazy(() => import("../accounts/BootstrapAdminPage"));

/** Starts fetching the main layout once the screen on show has painted. */
function prefetchShell() {
  requestAnimationFrame(() => setTimeout(() => void loadShell(), 0));
}

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
  useEffect(() => {
    if (session === null) prefetchShell();
  }, [session]);

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
  if (!info.initialized)
    return (
      <Suspense fallback={<Loading />}>
        <FirstRunPage onDone={setOverride} />
      </Suspense>
    );
  if (!info.hasAccounts)
    return (
      <Suspense fallback={<Loading />}>
        <BootstrapAdminPage info={info} onDone={setOverride} />
      </Suspense>
    );
  if (session === undefined) return <Loading />;
  if (session === null) return <Framed info={info}>{<LoginPage info={info} />}</Framed>;
  return (
    <Framed info={info}>
      <Suspense fallback={<Loading />}>
        <Shell info={info} session={session} />
      </Suspense>
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
