import { Layout } from "antd";
import type { ArchiveInfo } from "../bindings/ArchiveInfo";
import { useI18n } from "../i18n";
import DashboardPage from "../pages/DashboardPage";
import IntakePage from "../pages/IntakePage";
import RegistrationDetailPage from "../pages/RegistrationDetailPage";
import RegistrationsPage from "../pages/RegistrationsPage";
import UnitsPage from "../pages/UnitsPage";
import { useRoute, type Route } from "../router";
import AppHeader from "./AppHeader";
import JobWatcher from "./JobWatcher";
import NavRail from "./NavRail";

function Page({ route }: { route: Route }) {
  switch (route.name) {
    case "dashboard":
      return <DashboardPage />;
    case "units":
      return <UnitsPage />;
    case "intake":
      return <IntakePage key={route.draftId ?? "new"} draftId={route.draftId ?? null} />;
    case "registrations":
      return <RegistrationsPage />;
    case "registration":
      return <RegistrationDetailPage key={route.id} id={route.id} />;
  }
}

/** Main layout: navigation rail, header, work area. */
export default function Shell({ info }: { info: ArchiveInfo }) {
  const { t } = useI18n();
  const route = useRoute();
  return (
    <Layout style={{ height: "100%" }}>
      <Layout.Sider width={200}>
        <div className="app-brand">{t("app.title")}</div>
        <NavRail route={route} />
      </Layout.Sider>
      <Layout>
        <AppHeader info={info} />
        <Layout.Content className="app-content">
          <Page route={route} />
        </Layout.Content>
      </Layout>
      <JobWatcher />
    </Layout>
  );
}
