import { FolderOpenOutlined } from "@ant-design/icons";
import { Button, Input, Space } from "antd";
import { useI18n } from "../i18n";
import { openFolderDialog } from "../dialogs";
import { usePathKinds } from "../hooks/usePathKinds";

/** A folder path: typed, or picked with the system dialog; one that does not exist is
 *  marked as soon as it is typed. */
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
  const typed = value?.trim() ?? "";
  const missing = usePathKinds(typed ? [typed] : [])[typed] === "missing";
  const pick = async () => {
    const chosen = await openFolderDialog(t("dialog.openFolder"));
    if (chosen !== null) onChange?.(chosen);
  };
  return (
    <Space.Compact style={{ width: "100%" }}>
      <Input
        data-testid={testId}
        className="mono"
        value={value}
        disabled={disabled}
        placeholder={t("media.pathPlaceholder")}
        status={missing ? "warning" : undefined}
        // Always a suffix: adding one later would remount the input and lose what is typed.
        suffix={
          <span data-testid={missing ? `${testId}-missing` : undefined} className="path-missing">
            {missing ? t("path.missing") : ""}
          </span>
        }
        onChange={(e) => onChange?.(e.target.value)}
      />
      <Button icon={<FolderOpenOutlined />} disabled={disabled} onClick={() => void pick()}>
        {t("media.browse")}
      </Button>
    </Space.Compact>
  );
}
