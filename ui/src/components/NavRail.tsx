import { AppstoreOutlined, BankOutlined, FileDoneOutlined, InboxOutlined } from "@ant-design/icons";
import { Menu } from "antd";
import type { ReactNode } from "react";
import { useI18n, type MessageKey } from "../i18n";
import { navigate, type Route } from "../router";

type NavKey = "dashboard" | "units" | "intake" | "registrations";

const ENTRIES: { key: NavKey; label: MessageKey; icon: ReactNode }[] = [
  { key: "dashboard", label: "nav.dashboard", icon: <AppstoreOutlined /> },
  { key: "units", label: "nav.units", icon: <BankOutlined /> },
  { key: "intake", label: "nav.intake", icon: <InboxOutlined /> },
  { key: "registrations", label: "nav.registrations", icon: <FileDoneOutlined /> },
];

function selectedKey(route: Route): NavKey {
  return route.name === "registration" ? "registrations" : route.name;
}

export default function NavRail({ route }: { route: Route }) {
  const { t } = useI18n();
  return (
    <Menu
      theme="dark"
      mode="inline"
      selectedKeys={[selectedKey(route)]}
      onClick={({ key }) => navigate({ name: key as NavKey })}
      items={ENTRIES.map((e) => ({
        key: e.key,
        icon: e.icon,
        label: <span data-testid={`nav-${e.key}`}>{t(e.label)}</span>,
      }))}
    />
  );
}
