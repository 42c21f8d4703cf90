import { Alert, Button, Form, Input, Modal, Typography } from "antd";
import { unlockKey } from "../../api";
import { useI18n } from "../../i18n";
import { useSubmit } from "../../hooks/useSubmit";

/** 解锁机构密钥: asked for when something is to be signed and the key is locked. */
export default function KeyUnlockModal({ open, onClose, onUnlocked }: { open: boolean; onClose: () => void; onUnlocked: () => void }) {
  const { t } = useI18n();
  const { submitting, error, submit } = useSubmit(async ({ passphrase }: { passphrase: string }) => {
    await unlockKey(passphrase);
    onUnlocked();
  });

  return (
    <Modal open={open} title={t("key.unlockTitle")} onCancel={onClose} footer={null} destroyOnHidden>
      <Typography.Paragraph type="secondary">{t("key.unlockIntro")}</Typography.Paragraph>
      <Form layout="vertical" onFinish={submit} requiredMark={false}>
        <Form.Item name="passphrase" label={t("key.passphrase")} rules={[{ required: true, message: t("key.passphrase") }]}>
          <Input.Password data-testid="key-passphrase" autoFocus autoComplete="off" />
        </Form.Item>
        {error && <Alert data-testid="key-unlock-error" type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
        <Button data-testid="key-unlock" type="primary" htmlType="submit" loading={submitting} block>
          {t("key.unlock")}
        </Button>
      </Form>
    </Modal>
  );
}
