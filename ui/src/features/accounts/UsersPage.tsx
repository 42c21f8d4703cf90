import { PlusOutlined } from "@ant-design/icons";
import { Alert, App, Button, Card, Popconfirm, Select, Space, Table, Tag, type TableColumnsType } from "antd";
import { useState } from "react";
import { listUsers, setUserDisabled, setUserRoles } from "../../api";
import type { Role } from "../../bindings/Role";
import type { User } from "../../bindings/User";
import ResetPasswordModal from "./ResetPasswordModal";
import UserAddModal from "./UserAddModal";
import { errorMessage } from "../../errors";
import { formatDateTime } from "../../format";
import { useLoad } from "../../hooks/useLoad";
import { useI18n } from "../../i18n";
import { ROLES, roleLabel } from "../../labels";
import { refreshSession, sessionStore } from "../../stores/session";

/** 用户管理 (admin): accounts with roles and status; add, disable/enable, reset password. */
export default function UsersPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const me = sessionStore.use();
  const users = useLoad(listUsers);
  const [adding, setAdding] = useState(false);
  const [resetting, setResetting] = useState<string | null>(null);

  const toggle = async (u: User) => {
    try {
      await setUserDisabled(u.name, !u.disabled);
      users.reload();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  // Each change is a ledger entry; one's own roles count at once (the menu follows).
  const changeRoles = async (u: User, roles: Role[]) => {
    if (roles.length === 0) return;
    try {
      await setUserRoles(u.name, roles);
      message.success(t("users.rolesChanged", { name: u.name }));
      users.reload();
      if (u.name === me?.name) await refreshSession();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  const columns: TableColumnsType<User> = [
    { title: t("users.name"), dataIndex: "name", render: (n: string) => (n === me?.name ? `${n}${t("users.you")}` : n) },
    {
      title: t("users.roles"),
      dataIndex: "roles",
      render: (roles: Role[], u) => (
        <Select
          data-testid={`user-roles-${u.name}`}
          mode="multiple"
          size="small"
          style={{ minWidth: 220 }}
          value={roles}
          options={ROLES.map((r) => ({ value: r, label: roleLabel(t, r) }))}
          onChange={(next: Role[]) => void changeRoles(u, next)}
        />
      ),
    },
    {
      title: t("users.status"),
      dataIndex: "disabled",
      width: 100,
      render: (d: boolean) => (d ? <Tag>{t("users.disabled")}</Tag> : <Tag color="success">{t("users.enabled")}</Tag>),
    },
    { title: t("users.createdAt"), dataIndex: "createdAt", width: 170, render: (v: string) => formatDateTime(v) },
    {
      title: t("users.actions"),
      width: 200,
      render: (_, u) => (
        <Space>
          {u.disabled ? (
            <Button size="small" data-testid={`user-enable-${u.name}`} onClick={() => void toggle(u)}>
              {t("users.enable")}
            </Button>
          ) : (
            <Popconfirm title={t("users.disableConfirm", { name: u.name })} onConfirm={() => toggle(u)}>
              <Button size="small" danger data-testid={`user-disable-${u.name}`}>
                {t("users.disable")}
              </Button>
            </Popconfirm>
          )}
          <Button size="small" data-testid={`user-reset-${u.name}`} onClick={() => setResetting(u.name)}>
            {t("users.resetPassword")}
          </Button>
        </Space>
      ),
    },
  ];

  return (
    <Card
      title={t("users.title")}
      extra={
        <Button data-testid="user-add-open" type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
          {t("users.add")}
        </Button>
      }
    >
      {users.error && <Alert type="error" showIcon title={users.error} style={{ marginBottom: 16 }} />}
      <Table data-testid="users-table" rowKey="id" loading={users.loading} columns={columns} dataSource={users.data ?? []} pagination={false} />
      <UserAddModal
        open={adding}
        onClose={() => setAdding(false)}
        onAdded={(u) => {
          setAdding(false);
          message.success(t("users.added", { name: u.name }));
          users.reload();
        }}
      />
      <ResetPasswordModal
        name={resetting}
        onClose={() => setResetting(null)}
        onDone={(name) => {
          setResetting(null);
          message.success(t("users.passwordReset", { name }));
        }}
      />
    </Card>
  );
}
