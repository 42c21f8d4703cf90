import { Alert, Button, Form, Input, Modal } from "antd";
import { changePassword } from "../../api";
import { useSubmit } from "../../hooks/useSubmit";
import { useI18n } from "../../i18n";

const MIN_CHARS = 8;

type Values = { current: string; password: string; again: string };

/** 修改密码: the signed-in person's own password, after the current one. */
export default function ChangePasswordModal({ open, onClose, onDone }: { open: boolean; onClose: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const { submitting, error, submit } = useSubmit(async (v: Values) => {
    await changePassword(v.current, v.password);
    onDone();
  });

  return (
    <Modal open={open} title={t("changePw.title")} onCancel={onClose} footer={null} destroyOnHidden>
      <Form layout="vertical" onFinish={submit} requiredMark={false}>
        <Form.Item name="current" label={t("changePw.current")} rules={[{ required: true, message: t("changePw.current") }]}>
          <Input.Password data-testid="change-pw-current" autoFocus autoComplete="current-password" />
        </Form.Item>
        <Form.Item
          name="password"
          label={t("changePw.new")}
          extra={t("init.passwordHint")}
          rules={[{ required: true, min: MIN_CHARS, message: t("init.passwordRequired") }]}
        >
          <Input.Password data-testid="change-pw-new" autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="again"
          label={t("changePw.again")}
          dependencies={["password"]}
          rules={[
            { required: true, message: t("init.passwordMismatch") },
            ({ getFieldValue }) => ({
              validator: (_, v) => (!v || v === getFieldValue("password") ? Promise.resolve() : Promise.reject(new Error(t("init.passwordMismatch")))),
            }),
          ]}
        >
          <Input.Password data-testid="change-pw-again" autoComplete="new-password" />
        </Form.Item>
        {error && <Alert data-testid="change-pw-error" type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
        <Button data-testid="change-pw-submit" type="primary" htmlType="submit" loading={submitting} block>
          {t("changePw.submit")}
        </Button>
      </Form>
    </Modal>
  );
}
