import { FileAddOutlined, FolderAddOutlined, PlusOutlined } from "@ant-design/icons";
import { App, Button, Input, Space, Typography } from "antd";
import { useState } from "react";
import { errorMessage } from "../../errors";
import { useDragDrop } from "../../hooks/useDragDrop";
import { useI18n } from "../../i18n";
import { addIntakePaths, intakeForm, removeIntakePath } from "../../stores/intakeForm";
import PathList from "./PathList";
import { openManyDialog } from "../../dialogs";
import type { PathKind } from "../../bindings/PathKind";

/** Folder/file pickers, drag and drop, a typed-path input, and the list of chosen paths. */
export default function SourcePicker({ disabled, error, kinds }: { disabled: boolean; error: string | null; kinds: Record<string, PathKind> }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { paths } = intakeForm.use();
  const [typed, setTyped] = useState("");
  const hovering = useDragDrop(addIntakePaths, !disabled);

  const pick = async (directory: boolean) => {
    try {
      addIntakePaths(await openManyDialog(t(directory ? "dialog.openIntakeFolders" : "dialog.openIntakeFiles"), directory));
    } catch (e) {
      message.error(`${t("intake.pickFailed")}: ${errorMessage(e)}`);
    }
  };

  const addTyped = () => {
    if (!typed.trim()) return;
    addIntakePaths([typed]);
    setTyped("");
  };

  return (
    <div className={`drop-zone${hovering ? " active" : ""}`}>
      <Space wrap style={{ marginBottom: 12 }}>
        <Button data-testid="intake-pick-folder" icon={<FolderAddOutlined />} disabled={disabled} onClick={() => void pick(true)}>
          {t("intake.pickFolder")}
        </Button>
        <Button data-testid="intake-pick-files" icon={<FileAddOutlined />} disabled={disabled} onClick={() => void pick(false)}>
          {t("intake.pickFiles")}
        </Button>
      </Space>
      <Space.Compact style={{ width: "100%", marginBottom: 12 }}>
        <Input
          data-testid="intake-path-input"
          className="mono"
          placeholder={t("intake.pathPlaceholder")}
          value={typed}
          disabled={disabled}
          onChange={(e) => setTyped(e.target.value)}
          onPressEnter={(e) => {
            e.preventDefault(); // add the path; do not submit the surrounding form
            if (e.nativeEvent.isComposing) return; // Enter that ends IME composition
            addTyped();
          }}
        />
        <Button data-testid="intake-path-add" icon={<PlusOutlined />} disabled={disabled} onClick={addTyped}>
          {t("intake.pathAdd")}
        </Button>
      </Space.Compact>
      <PathList paths={paths} kinds={kinds} disabled={disabled} onRemove={removeIntakePath} />
      <Typography.Paragraph data-testid={error ? "intake-paths-error" : undefined} type={error ? "danger" : "secondary"} style={{ margin: "8px 0 0" }}>
        {error ?? (hovering ? t("intake.dropActive") : t("intake.dropHint"))}
      </Typography.Paragraph>
    </div>
  );
}
