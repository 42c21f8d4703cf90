import { DownloadOutlined, UploadOutlined } from "@ant-design/icons";
import { Alert, App, Button, Card, Space, Typography } from "antd";
import { useState } from "react";
import { exportSettings, importSettings } from "../../api";
import type { SettingsImport } from "../../bindings/SettingsImport";
import { errorMessage } from "../../errors";
import { useI18n } from "../../i18n";
import { saveFileDialog, openFileDialog } from "../../dialogs";

/** 导出设置 / 导入设置: the settings file a second workstation of the centre starts from. */
export default function SettingsFileCard({ onImported }: { onImported: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<SettingsImport | null>(null);

  const run = async (f: () => Promise<void>) => {
    setBusy(true);
    try {
      await f();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const doExport = () =>
    run(async () => {
      const path = await saveFileDialog(t, t("dialog.saveSettings"), `${t("settings.fileName")}.json`, "json");
      if (!path) return;
      await exportSettings(path);
      message.success(t("settings.exported", { path }));
    });

  const doImport = () =>
    run(async () => {
      const path = await openFileDialog(t, t("dialog.openSettings"), "json");
      if (path === null) return;
      setResult(await importSettings(path));
      onImported();
    });

  const lines = result && [
    ...result.changed.map((l) => `${t("settings.changed")}：${l}`),
    ...(result.domainsAdded.length > 0 ? [`${t("settings.domainsAdded")}：${result.domainsAdded.join("、")}`] : []),
    ...result.kept.map((l) => `${t("settings.kept")}：${l}`),
  ];

  return (
    <Card title={t("settings.file")} style={{ maxWidth: 720, marginTop: 16 }}>
      <Typography.Paragraph type="secondary">{t("settings.fileHint")}</Typography.Paragraph>
      <Space>
        <Button data-testid="settings-export" icon={<DownloadOutlined />} loading={busy} onClick={() => void doExport()}>
          {t("settings.export")}
        </Button>
        <Button data-testid="settings-import" icon={<UploadOutlined />} loading={busy} onClick={() => void doImport()}>
          {t("settings.import")}
        </Button>
      </Space>
      {lines && (
        <Alert
          data-testid="settings-import-result"
          type="success"
          showIcon
          closable={{ onClose: () => setResult(null) }}
          style={{ marginTop: 16 }}
          title={t("settings.importDone")}
          description={
            lines.length === 0 ? (
              t("settings.nothingChanged")
            ) : (
              <ul style={{ margin: 0, paddingLeft: 20 }}>
                {lines.map((l) => (
                  <li key={l}>{l}</li>
                ))}
              </ul>
            )
          }
        />
      )}
    </Card>
  );
}
