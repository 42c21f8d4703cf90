import { FileSearchOutlined } from "@ant-design/icons";
import { Alert, Button, Input, Space } from "antd";
import { useState } from "react";
import { readSettingsFile } from "../../api";
import type { SettingsPreview } from "../../bindings/SettingsPreview";
import { errorMessage } from "../../errors";
import { useI18n } from "../../i18n";
import { openFileDialog } from "../../dialogs";

/** 导入设置文件: a path typed or picked, read (nothing changes) and handed to `onRead`. */
export default function SettingsFileField({ onRead }: { onRead: (preview: SettingsPreview) => void }) {
  const { t } = useI18n();
  const [path, setPath] = useState("");
  const [loaded, setLoaded] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const read = async (p: string) => {
    setError(null);
    setLoaded(null);
    try {
      const preview = await readSettingsFile(p.trim());
      onRead(preview);
      setLoaded(t("init.importLoaded", { name: preview.archiveName, domains: preview.policies.domains.length }));
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  const pick = async () => {
    const chosen = await openFileDialog(t, t("dialog.openSettings"), "json");
    if (chosen !== null) {
      setPath(chosen);
      await read(chosen);
    }
  };

  return (
    <>
      <Space.Compact style={{ width: "100%" }}>
        <Input
          data-testid="init-settings-path"
          className="mono"
          value={path}
          placeholder={t("init.importPath")}
          onChange={(e) => setPath(e.target.value)}
        />
        <Button data-testid="init-settings-read" disabled={!path.trim()} onClick={() => void read(path)}>
          {t("init.importRead")}
        </Button>
        <Button icon={<FileSearchOutlined />} onClick={() => void pick()}>
          {t("init.importBrowse")}
        </Button>
      </Space.Compact>
      {loaded && <Alert data-testid="init-settings-loaded" type="success" showIcon title={loaded} style={{ marginTop: 8 }} />}
      {error && <Alert data-testid="init-settings-error" type="error" showIcon title={error} style={{ marginTop: 8 }} />}
    </>
  );
}
