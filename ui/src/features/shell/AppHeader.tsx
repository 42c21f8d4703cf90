import { KeyOutlined, LockOutlined, LogoutOutlined, SyncOutlined, UserOutlined } from "@ant-design/icons";
import { App, Button, Dropdown, Space, Tag } from "antd";
import { useState } from "react";
import type { ArchiveInfo } from "../../bindings/ArchiveInfo";
import type { Session } from "../../bindings/Session";
import { setLang, useI18n } from "../../i18n";
import { navigate } from "../../router";
import { intakeJob, isJobActive, progressPercent } from "../../stores/jobs";
import { lockScreen, signOut } from "../../stores/session";
import ChangePasswordModal from "../accounts/ChangePasswordModal";
import RoleTags from "../accounts/RoleTags";
import SearchBox from "../search/SearchBox";

export default function AppHeader({ info, session }: { info: ArchiveInfo; session: Session }) {
  const { t, lang } = useI18n();
  const job = intakeJob.use();
  const active = isJobActive(job);
  const p = job?.progress;
  const { message, notification } = App.useApp();
  const [changing, setChanging] = useState(false);
  // The next person to sign in should not see the previous one's messages.
  const leave = async () => {
    message.destroy();
    notification.destroy();
    await signOut();
  };
  return (
    <header className="app-header">
      <div
        className="app-header-title"
        title={[
          t("app.whereLocal", { dir: info.dataDir }),
          info.catalog && t("app.whereCatalog", { catalog: info.catalog }),
          info.vault && t("app.whereVault", { vault: info.vault }),
        ]
          .filter(Boolean)
          .join("\n")}
      >
        {info.archiveName ?? t("app.title")}
        {info.regionName && <Tag style={{ marginLeft: 12 }}>{info.regionName}</Tag>}
        {info.catalog ? (
          <Tag color="blue" data-testid="centre-archive">
            {t("app.centreArchiveTag")}
          </Tag>
        ) : (
          info.vault && (
            <Tag color="blue" data-testid="centre-vault">
              {t("app.centreTag")}
            </Tag>
          )
        )}
      </div>
      <SearchBox />
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
      <Dropdown
        trigger={["click"]}
        menu={{
          items: [{ key: "password", icon: <KeyOutlined />, label: <span data-testid="change-pw-open">{t("changePw.title")}</span> }],
          onClick: () => setChanging(true),
        }}
      >
        <Space size={4} style={{ cursor: "pointer" }}>
          <UserOutlined />
          <span data-testid="user-menu">{session.name}</span>
          <RoleTags roles={session.roles} />
        </Space>
      </Dropdown>
      <ChangePasswordModal
        open={changing}
        onClose={() => setChanging(false)}
        onDone={() => {
          setChanging(false);
          message.success(t("changePw.done"));
        }}
      />
      <Button data-testid="lock-button" icon={<LockOutlined />} onClick={() => void lockScreen()}>
        {t("header.lock")}
      </Button>
      <Button data-testid="logout-button" icon={<LogoutOutlined />} onClick={() => void leave()}>
        {t("header.logout")}
      </Button>
      <Button data-testid="lang-switch" onClick={() => setLang(lang === "zh" ? "en" : "zh")}>
        {t("lang.switch")}
      </Button>
    </header>
  );
}
