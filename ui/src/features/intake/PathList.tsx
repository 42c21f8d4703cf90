import { DeleteOutlined, FileOutlined, FolderOutlined } from "@ant-design/icons";
import { Button, Empty, Tag, Typography } from "antd";
import type { PathKind } from "../../bindings/PathKind";
import { useI18n } from "../../i18n";

/** The chosen source paths, each with what it is (a missing one marked at once) and a
 *  remove button. */
export default function PathList({
  paths,
  kinds,
  disabled,
  onRemove,
}: {
  paths: string[];
  kinds: Record<string, PathKind>;
  disabled?: boolean;
  onRemove: (path: string) => void;
}) {
  const { t } = useI18n();
  if (paths.length === 0) {
    return (
      <div data-testid="intake-paths" className="path-list">
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("intake.noPaths")} />
      </div>
    );
  }
  return (
    <ul data-testid="intake-paths" className="path-list">
      {paths.map((path) => (
        <li key={path} data-path={path} data-kind={kinds[path] ?? "unknown"}>
          {kinds[path] === "folder" ? <FolderOutlined /> : <FileOutlined />}
          <Typography.Text className="mono" type={kinds[path] === "missing" ? "danger" : undefined} style={{ flex: 1, minWidth: 0 }}>
            {path}
          </Typography.Text>
          {kinds[path] === "missing" && (
            <Tag data-testid="path-missing" color="red">
              {t("path.missing")}
            </Tag>
          )}
          <Button
            type="text"
            danger
            size="small"
            icon={<DeleteOutlined />}
            disabled={disabled}
            aria-label={t("common.remove")}
            title={t("common.remove")}
            onClick={() => onRemove(path)}
          />
        </li>
      ))}
    </ul>
  );
}
