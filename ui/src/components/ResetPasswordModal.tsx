import { Alert, Button, Form, Input, Modal } from "antd";
import { useState } from "react";
import { resetPassword } from "../api";
import { errorMessage } from "../errors";
import { useI18n } from "../i18n";

/** 重置密码 for one user (admin). */
export default function ResetPasswordModal({ name, onClose, onDone }: { name: string | null; onClose: () => void; onDone: (name: string) => void }) {
  const { t } = useI18n();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async ({ password }: { password: string }) => {
    if (!name) return;
    setSubmitting(true);
    setError(null);
    try {
      await resetPassword(name, password);
      onDone(name);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSubmitting(false);
    }
  };

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
