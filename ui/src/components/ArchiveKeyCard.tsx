import { Alert, Button, Card, Descriptions, Form, Input, Space, Tag, Typography } from "antd";
import { useState } from "react";
import { createKey, keyState } from "../api";
import { useLoad } from "../hooks/useLoad";
import { useSubmit } from "../hooks/useSubmit";
import { useI18n } from "../i18n";
import KeyUnlockModal from "./KeyUnlockModal";

const MIN_CHARS = 10;

/** 机构密钥 on the settings page: its fingerprint and state; made here when the archive
 *  has none (an archive from before keys, or one made by the first-run wizard). */
export default function ArchiveKeyCard() {
  const { t } = useI18n();
  const state = useLoad(() => keyState(), []);
  const [unlocking, setUnlocking] = useState(false);
  const { submitting, error, submit } = useSubmit(async ({ passphrase }: { passphrase: string }) => {
    await createKey(passphrase);
    state.reload();
  });
  const key = state.data;

  return (
    <Card data-testid="archive-key-card" title={t("key.title")} style={{ maxWidth: 720 }} loading={state.loading}>
      {state.error && <Alert type="error" showIcon title={state.error} />}
      {key && !key.exists && (
        <Form layout="vertical" onFinish={submit} requiredMark={false}>
          <Typography.Paragraph>{t("key.createIntro")}</Typography.Paragraph>
          <Form.Item
            name="passphrase"
            label={t("key.passphrase")}
            extra={t("key.passphraseHint", { n: MIN_CHARS })}
            rules={[{ required: true, min: MIN_CHARS, message: t("key.passphraseHint", { n: MIN_CHARS }) }]}
          >
            <Input.Password data-testid="key-new-passphrase" autoComplete="new-password" />
          </Form.Item>
          <Form.Item
            name="again"
            label={t("key.passphraseAgain")}
            dependencies={["passphrase"]}
            rules={[
              { required: true, message: t("key.passphraseAgain") },
              ({ getFieldValue }) => ({
                validator: (_, v) => (v === getFieldValue("passphrase") ? Promise.resolve() : Promise.reject(new Error(t("key.mismatch")))),
              }),
            ]}
          >
            <Input.Password data-testid="key-new-passphrase-again" autoComplete="new-password" />
          </Form.Item>
          {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
          <Button data-testid="key-create" type="primary" htmlType="submit" loading={submitting}>
            {t("key.create")}
          </Button>
        </Form>
      )}
      {key?.exists && (
        <Space direction="vertical" style={{ width: "100%" }}>
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t("key.number")}>{key.number}</Descriptions.Item>
            <Descriptions.Item label={t("key.fingerprint")}>
              <span className="mono" data-testid="key-fingerprint" style={{ wordBreak: "break-all" }}>
                {key.fingerprint}
              </span>
            </Descriptions.Item>
            <Descriptions.Item label={t("key.state")}>
              {key.unlocked ? <Tag color="green">{t("key.unlocked")}</Tag> : <Tag>{t("key.locked")}</Tag>}
            </Descriptions.Item>
          </Descriptions>
          {!key.unlocked && (
            <Button data-testid="key-open-unlock" onClick={() => setUnlocking(true)}>
              {t("key.unlockTitle")}
            </Button>
          )}
        </Space>
      )}
      <KeyUnlockModal
        open={unlocking}
        onClose={() => setUnlocking(false)}
        onUnlocked={() => {
          setUnlocking(false);
          state.reload();
        }}
      />
    </Card>
  );
}
