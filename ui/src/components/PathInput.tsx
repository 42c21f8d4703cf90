import { FolderOpenOutlined } from "@ant-design/icons";
import { open } from "@tauri-apps/plugin-dialog";
import { Button, Input, Space } from "antd";
import { useI18n } from "../i18n";

/** A folder path: typed, or picked with the system dialog. */
export default function PathInput({
  value,
  onChange,
  testId,
  disabled,
}: {
  value?: string;
  onChange?: (v: string) => void;
  testId: string;
  disabled?: boolean;
}) {
  const { t } = useI18n();
  const pick = async () => {
    const chosen = await open({ directory: true, multiple: false });
    if (typeof chosen === "string") onChange?.(chosen);
  };
  return (
    <Space.Compact style={{ width: "100%" }}>
      <Input
        data-testid={testId}
        className="mono"
        value={value}
        disabled={disabled}
        placeholder={t("media.pathPlaceholder")}
        onChange={(e) => onChange?.(e.target.value)}
      />
      <Button icon={<FolderOpenOutlined />} disabled={disabled} onClick={() => void pick()}>
        {t("media.browse")}
      </Button>
    </Space.Compact>
  );
}
