import {
  AppstoreOutlined,
  AuditOutlined,
  BankOutlined,
  CheckSquareOutlined,
  DatabaseOutlined,
  FileDoneOutlined,
  FileSearchOutlined,
  HourglassOutlined,
  InboxOutlined,
  BarChartOutlined,
  ClusterOutlined,
  SafetyCertificateOutlined,
  SearchOutlined,
  SettingOutlined,
  TeamOutlined,
} from "@ant-design/icons";
import { Badge, Menu } from "antd";
import type { ReactNode } from "react";
import type { Role } from "../../bindings/Role";
import type { Session } from "../../bindings/Session";
import { useI18n, type MessageKey } from "../../i18n";
import { navigate, type Route } from "../../router";
import { pendingApplications } from "../../stores/pending";
import { hasRole } from "../../stores/session";

type NavKey = "dashboard" | "units" | "intake" | "registrations" | "search" | "attest" | "certVerify" | "statistics" | "reports" | "approvals" | "media" | "disposal" | "audit" | "users" | "settings";

// `roles`: who sees the entry (everyone when absent).
const ENTRIES: { key: NavKey; label: MessageKey; icon: ReactNode; roles?: Role[] }[] = [
  { key: "dashboard", label: "nav.dashboard", icon: <AppstoreOutlined /> },
  { key: "units", label: "nav.units", icon: <BankOutlined /> },
  { key: "intake", label: "nav.intake", icon: <InboxOutlined />, roles: ["clerk"] },
  { key: "registrations", label: "nav.registrations", icon: <FileDoneOutlined /> },
  { key: "search", label: "nav.search", icon: <SearchOutlined /> },
  { key: "attest", label: "nav.attest", icon: <SafetyCertificateOutlined />, roles: ["clerk", "reviewer"] },
  { key: "certVerify", label: "nav.certVerify", icon: <FileSearchOutlined /> },
  { key: "approvals", label: "nav.approvals", icon: <CheckSquareOutlined /> },
  { key: "media", label: "nav.media", icon: <DatabaseOutlined /> },
  { key: "statistics", label: "nav.statistics", icon: <BarChartOutlined /> },
  { key: "reports", label: "nav.reports", icon: <ClusterOutlined />, roles: ["admin", "reviewer"] },
  { key: "disposal", label: "nav.disposal", icon: <HourglassOutlined /> },
  { key: "audit", label: "nav.audit", icon: <AuditOutlined /> },
  { key: "users", label: "nav.users", icon: <TeamOutlined />, roles: ["admin"] },
  { key: "settings", label: "nav.settings", icon: <SettingOutlined />, roles: ["admin"] },
];

function selectedKey(route: Route): NavKey {
  // A registration and the business data series are found under 登记记录.
  return route.name === "registration" || route.name === "series" ? "registrations" : route.name;
}

export default function NavRail({ route, session }: { route: Route; session: Session }) {
  const { t } = useI18n();
  const pending = pendingApplications.use();
  const deciding = hasRole(session, "reviewer", "admin");
  return (
    <Menu
      theme="dark"
      mode="inline"
      selectedKeys={[selectedKey(route)]}
      onClick={({ key }) => navigate({ name: key as NavKey })}
      items={ENTRIES.filter((e) => !e.roles || hasRole(session, ...e.roles)).map((e) => ({
        key: e.key,
        icon: e.icon,
        label:
          e.key === "approvals" && deciding && pending ? (
            <span data-testid="nav-approvals">
              {t(e.label)}
              <Badge data-testid="nav-approvals-count" count={pending} size="small" style={{ marginLeft: 8 }} />
            </span>
          ) : (
            <span data-testid={`nav-${e.key}`}>{t(e.label)}</span>
          ),
      }))}
    />
  );
}
