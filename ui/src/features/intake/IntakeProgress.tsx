import { StopOutlined } from "@ant-design/icons";
import { Alert, Button, Card, Col, Progress, Row, Statistic, Typography } from "antd";
import { formatBytes, formatCount, formatDuration, formatSpeed } from "../../format";
import { useI18n } from "../../i18n";
import { cancelIntakeJob, jobEtaSeconds, jobSpeed, progressPercent, type IntakeJob } from "../../stores/jobs";

/** Files, bytes, speed, time left, current file and a cancel button for the running intake. */
export default function IntakeProgress({ job }: { job: IntakeJob }) {
  const { t } = useI18n();
  const p = job.progress;
  const cancelling = job.status === "cancelling";
  const eta = jobEtaSeconds(job);
  const units = { h: t("progress.h"), m: t("progress.m"), s: t("progress.s") };
  const pct = progressPercent(p);

  return (
    <Card
      data-testid="intake-progress"
      data-phase={p?.phase ?? "starting"}
      title={`${t("progress.title")} · ${p ? t(`progress.phase.${p.phase}`) : t("progress.starting")}`}
      extra={
        <Button data-testid="intake-cancel" danger icon={<StopOutlined />} loading={cancelling} onClick={() => void cancelIntakeJob()}>
          {cancelling ? t("progress.cancelling") : t("progress.cancel")}
        </Button>
      }
    >
      <Progress percent={pct} status={cancelling ? "exception" : "active"} />
      <Row gutter={16} style={{ marginTop: 16 }}>
        <Col span={6}>
          <Statistic
            title={t("progress.files")}
            value={p ? `${formatCount(p.filesDone)} / ${formatCount(p.filesTotal)}` : "—"}
          />
        </Col>
        <Col span={6}>
          <Statistic
            title={t("progress.bytes")}
            value={p ? `${formatBytes(p.bytesDone)} / ${formatBytes(p.bytesTotal)}` : "—"}
          />
        </Col>
        <Col span={6}>
          <Statistic title={t("progress.speed")} value={p ? formatSpeed(jobSpeed(job)) : "—"} />
        </Col>
        <Col span={6}>
          <Statistic title={t("progress.eta")} value={eta === null ? "—" : formatDuration(eta, units)} />
        </Col>
      </Row>
      <div style={{ marginTop: 16, display: "flex", gap: 8 }}>
        <Typography.Text type="secondary" style={{ flex: "none" }}>
          {t("progress.current")}:
        </Typography.Text>
        <Typography.Text className="mono" style={{ minWidth: 0 }} ellipsis={{ tooltip: p?.currentPath }}>
          {p?.currentPath ?? "—"}
        </Typography.Text>
      </div>
      {job.cancelError && <Alert type="error" showIcon title={`${t("progress.cancelFailed")}: ${job.cancelError}`} />}
    </Card>
  );
}
