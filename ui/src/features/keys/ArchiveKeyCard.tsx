import { Alert, Button, Card, Descriptions, Space, Tag } from "antd";
import { useState } from "react";
import { keyState } from "../../api";
import { useLoad } from "../../hooks/useLoad";
import { useI18n } from "../../i18n";
import KeyCreateForm from "./KeyCreateForm";
import KeyUnlockModal from "./KeyUnlockModal";

/** 机构密钥 on the settings page: its fingerprint and state; made here when the archive
 *  has none (one from before keys whose admin answered the sign-in prompt with 以后再说). */
export default function ArchiveKeyCard() {
  const { t } = useI18n();
  const state = useLoad(() => keyState(), []);
  const [unlocking, setUnlocking] = useState(false);
  const key = state.data;

  return (
    <Card data-testid="archive-key-card" title={t("key.title")} style={{ maxWidth: 720 }} loading={state.loading}>
      {state.error && <Alert type="error" showIcon title={state.error} />}
      {key && !key.exists && <KeyCreateForm onCreated={state.reload} />}
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
