import { Alert, Button, Checkbox, Form, Input, Modal } from "antd";
import { addUser } from "../../api";
import type { Role } from "../../bindings/Role";
import type { User } from "../../bindings/User";
import { useI18n } from "../../i18n";
import { ROLES, roleLabel } from "../../labels";
import { useSubmit } from "../../hooks/useSubmit";

type Values = { name: string; password: string; roles: Role[] };

/** 新增用户: name, initial password and roles (admin only; the core checks). */
export default function UserAddModal({ open, onClose, onAdded }: { open: boolean; onClose: () => void; onAdded: (u: User) => void }) {
  const { t } = useI18n();
  const { submitting, error, submit } = useSubmit(async (v: Values) => onAdded(await addUser(v.name.trim(), v.password, v.roles)));

  return (
    <Modal open={open} title={t("userForm.title")} onCancel={onClose} footer={null} destroyOnHidden>
      <Form<Values> layout="vertical" onFinish={submit} requiredMark={false} initialValues={{ roles: [] }}>
        <Form.Item name="name" label={t("users.name")} rules={[{ required: true, whitespace: true, message: t("login.nameRequired") }]}>
          <Input data-testid="user-name" autoFocus maxLength={64} autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="password"
          label={t("userForm.password")}
          extra={t("init.passwordHint")}
          rules={[{ required: true, min: 8, message: t("init.passwordRequired") }]}
        >
          <Input.Password data-testid="user-password" autoComplete="new-password" />
        </Form.Item>
        <Form.Item name="roles" label={t("userForm.roles")} rules={[{ required: true, type: "array", min: 1, message: t("userForm.rolesRequired") }]}>
          <Checkbox.Group
            options={ROLES.map((r) => ({ value: r, label: <span data-testid={`user-role-${r}`}>{roleLabel(t, r)}</span> }))}
          />
        </Form.Item>
        {error && <Alert data-testid="user-error" type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
        <Button data-testid="user-submit" type="primary" htmlType="submit" loading={submitting} block>
          {t("userForm.submit")}
        </Button>
      </Form>
    </Modal>
  );
}
