import { StopOutlined } from "@ant-design/icons";
import { Button, Card, Progress, Typography } from "antd";
import { formatBytes, formatCount } from "../format";
import { useI18n } from "../i18n";
import type { LocalJob } from "../hooks/useLocalJob";
import { progressPercent } from "../stores/jobs";

/** A screen's running job: how far, what now, and a cancel button. */
export default function LocalJobProgress({ job, title, testId, onCancel }: { job: LocalJob; title: string; testId: string; onCancel: () => void }) {
  const { t } = useI18n();
  const p = job.progress;
  return (
    <Card
      data-testid={testId}
      size="small"
      title={title}
      extra={
        <Button data-testid={`${testId}-cancel`} danger icon={<StopOutlined />} loading={job.cancelling} onClick={onCancel}>
          {job.cancelling ? t("progress.cancelling") : t("progress.cancel")}
        </Button>
      }
    >
      <Progress percent={progressPercent(p)} status={job.cancelling ? "exception" : "active"} />
      {p && (
        <Typography.Text type="secondary">
          {p.bytesTotal > 0
            ? t("job.filesAndBytes", { done: formatCount(p.filesDone), total: formatCount(p.filesTotal), bytes: formatBytes(p.bytesDone), totalBytes: formatBytes(p.bytesTotal) })
            : t("job.steps", { done: formatCount(p.filesDone), total: formatCount(p.filesTotal) })}
          {p.currentPath ? ` · ${p.currentPath}` : ""}
        </Typography.Text>
      )}
    </Card>
  );
}
