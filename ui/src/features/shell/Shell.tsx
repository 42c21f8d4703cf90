import { Layout, Spin } from "antd";
import { lazy, Suspense } from "react";
import type { ArchiveInfo } from "../../bindings/ArchiveInfo";
import type { Role } from "../../bindings/Role";
import type { Session } from "../../bindings/Session";
import { useIdleLock } from "../../hooks/useIdleLock";
import { useI18n } from "../../i18n";
import ApprovalsPage from "../approvals/ApprovalsPage";
import AttestPage from "../attest/AttestPage";
import AuditPage from "../audit/AuditPage";
import DisposalPage from "../disposal/DisposalPage";
import CertVerifyPage from "../attest/CertVerifyPage";
import DashboardPage from "../dashboard/DashboardPage";
import IntakePage from "../intake/IntakePage";
import MediaPage from "../media/MediaPage";
import RegistrationDetailPage from "../registrations/RegistrationDetailPage";
import RegistrationsPage from "../registrations/RegistrationsPage";
import ReportsPage from "../reports/ReportsPage";
import SeriesPage from "../series/SeriesPage";
import SearchPage from "../search/SearchPage";
import SettingsPage from "../settings/SettingsPage";
import UnitsPage from "../units/UnitsPage";
import UsersPage from "../accounts/UsersPage";
import { useRoute, type Route } from "../../router";
import { hasRole } from "../../stores/session";
import AppHeader from "./AppHeader";
import Forbidden from "./Forbidden";
import JobWatcher from "./JobWatcher";
import KeyCreatePrompt from "../keys/KeyCreatePrompt";
import MediaJobWatcher from "./MediaJobWatcher";
import NavRail from "./NavRail";

// ECharts is large: loaded when the statistics page is first opened.
const StatisticsPage = lazy(() => import("../statistics/StatisticsPage"));

/** Pages only some roles may open (the core refuses their actions anyway). */
export const PAGE_ROLES: Partial<Record<Route["name"], Role[]>> = {
  users: ["admin"],
  settings: ["admin"],
  reports: ["admin", "reviewer"],
  attest: ["clerk", "reviewer"],
  intake: ["clerk"],
};

function Page({ route, session }: { route: Route; session: Session }) {
  const roles = PAGE_ROLES[route.name];
  if (roles && !hasRole(session, ...roles)) return <Forbidden />;
  switch (route.name) {
    case "dashboard":
      return <DashboardPage />;
    case "units":
      return <UnitsPage />;
    case "intake":
      return (
        <IntakePage
          key={route.draftId ?? (route.seriesId !== undefined ? `series-${route.seriesId}` : "new")}
          draftId={route.draftId ?? null}
          seriesId={route.seriesId ?? null}
        />
      );
    case "registrations":
      return <RegistrationsPage />;
    case "registration":
      return <RegistrationDetailPage key={route.id} id={route.id} />;
    case "users":
      return <UsersPage />;
    case "approvals":
      return <ApprovalsPage />;
    case "media":
      return <MediaPage />;
    case "audit":
      return <AuditPage />;
    case "disposal":
      return <DisposalPage />;
    case "settings":
      return <SettingsPage />;
    case "attest":
      return <AttestPage />;
    case "certVerify":
      return <CertVerifyPage />;
    case "statistics":
      return (
        <Suspense fallback={<Spin size="large" style={{ display: "block", marginTop: 80 }} />}>
          <StatisticsPage />
        </Suspense>
      );
    case "reports":
      return <ReportsPage />;
    case "series":
      return <SeriesPage key={route.id ?? "all"} selected={route.id ?? null} />;
    case "search":
      return <SearchPage key={route.q ?? ""} initialQuery={route.q ?? ""} />;
  }
}

/** Main layout: navigation rail, header, work area; locks itself when idle. */
export default function Shell({ info, session }: { info: ArchiveInfo; session: Session }) {
  const { t } = useI18n();
  const route = useRoute();
  useIdleLock(session.idleLockSeconds, !session.locked);
  return (
    <Layout style={{ height: "100%" }}>
      <Layout.Sider width={200}>
        <div className="app-brand">{t("app.title")}</div>
        <NavRail route={route} session={session} />
      </Layout.Sider>
      <Layout>
        <AppHeader info={info} session={session} />
        <Layout.Content className="app-content">{!session.locked && <Page route={route} session={session} />}</Layout.Content>
      </Layout>
      <JobWatcher />
      <MediaJobWatcher />
      {hasRole(session, "admin") && !session.locked && <KeyCreatePrompt key={session.name} />}
    </Layout>
  );
}
