import { Alert, App, Button, Card, Form, InputNumber, Space, Spin, Switch } from "antd";
import { useState } from "react";
import { getSettings, setFourEyes, setIdleLockMinutes } from "../../api";
import type { Settings } from "../../bindings/Settings";
import { errorMessage } from "../../errors";
import { useLoad } from "../../hooks/useLoad";
import { useI18n } from "../../i18n";
import ArchiveKeyCard from "../keys/ArchiveKeyCard";
import BackupPolicyCard from "./BackupPolicyCard";
import DomainsCard from "./DomainsCard";
import PeersCard from "./PeersCard";
import SettingsFileCard from "./SettingsFileCard";
import { refreshSession } from "../../stores/session";

/** 系统设置 (admin): four-eyes sealing, the idle lock, the copy-set policy, and the settings
 *  file for a second workstation. Each change is a ledger entry. */
export default function SettingsPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const loaded = useLoad(getSettings);
  const [settings, setSettings] = useState<Settings | null>(null);
  const [minutes, setMinutes] = useState<number | null>(null);
  const [saving, setSaving] = useState(false);

  // Freshly loaded settings replace what is shown.
  const [seen, setSeen] = useState<Settings | null>(null);
  if (loaded.data && loaded.data !== seen) {
    setSeen(loaded.data);
    setSettings(loaded.data);
    setMinutes(loaded.data.idleLockMinutes);
  }

  const save = async (change: () => Promise<Settings>) => {
    setSaving(true);
    try {
      const next = await change();
      setSettings(next);
      setMinutes(next.idleLockMinutes);
      message.success(t("settings.saved"));
      await refreshSession();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  if (!settings) {
    return loaded.error ? <Alert type="error" showIcon title={loaded.error} /> : <Spin size="large" style={{ display: "block", marginTop: 80 }} />;
  }

  return (
    <>
      <Card title={t("settings.title")} style={{ maxWidth: 720 }}>
        <Form layout="vertical">
          <Form.Item label={t("settings.fourEyes")} extra={t("settings.fourEyesHint")}>
            <Switch
              data-testid="settings-four-eyes"
              checked={settings.fourEyes}
              loading={saving}
              onChange={(on) => void save(() => setFourEyes(on))}
            />
          </Form.Item>
          <Form.Item label={t("settings.idleLock")} extra={t("settings.idleLockHint")}>
            <Space>
              <InputNumber data-testid="settings-idle-minutes" min={1} max={480} precision={0} value={minutes} onChange={(v) => setMinutes(v)} />
              <Button
                data-testid="settings-idle-save"
                type="primary"
                loading={saving}
                disabled={minutes === null || minutes === settings.idleLockMinutes}
                onClick={() => minutes !== null && void save(() => setIdleLockMinutes(minutes))}
              >
                {t("settings.save")}
              </Button>
            </Space>
          </Form.Item>
        </Form>
      </Card>
      <BackupPolicyCard settings={settings} saving={saving} save={(change) => void save(change)} />
      <ArchiveKeyCard />
      <PeersCard />
      <DomainsCard />
      <SettingsFileCard onImported={() => void loaded.reload()} />
    </>
  );
}
