import { DeleteOutlined, FileOutlined } from "@ant-design/icons";
import { Button, Empty, Typography } from "antd";
import { useI18n } from "../i18n";

/** The chosen source paths, each with a remove button. */
export default function PathList({
  paths,
  disabled,
  onRemove,
}: {
  paths: string[];
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
        <li key={path} data-path={path}>
          <FileOutlined />
          <Typography.Text className="mono" style={{ flex: 1, minWidth: 0 }}>
            {path}
          </Typography.Text>
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
