import { Alert, Button, Form, Input, Modal } from "antd";
import { resetPassword } from "../../api";
import { useI18n } from "../../i18n";
import { useSubmit } from "../../hooks/useSubmit";

/** 重置密码 for one user (admin). */
export default function ResetPasswordModal({ name, onClose, onDone }: { name: string | null; onClose: () => void; onDone: (name: string) => void }) {
  const { t } = useI18n();
  const { submitting, error, submit } = useSubmit(async ({ password }: { password: string }) => {
    if (!name) return;
    await resetPassword(name, password);
    onDone(name);
  });

  return (
    <Modal open={name !== null} title={t("resetPw.title", { name: name ?? "" })} onCancel={onClose} footer={null} destroyOnHidden>
      <Form layout="vertical" onFinish={submit} requiredMark={false}>
        <Form.Item
          name="password"
          label={t("resetPw.password")}
          extra={t("init.passwordHint")}
          rules={[{ required: true, min: 8, message: t("init.passwordRequired") }]}
        >
          <Input.Password data-testid="reset-password" autoFocus autoComplete="new-password" />
        </Form.Item>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
        <Button data-testid="reset-submit" type="primary" htmlType="submit" loading={submitting} block>
          {t("resetPw.submit")}
        </Button>
      </Form>
    </Modal>
  );
}
