import { MedicineBoxOutlined, StopOutlined } from "@ant-design/icons";
import { Alert, Button, Card, Col, Progress, Row, Statistic, Typography } from "antd";
import { formatBytes, formatCount, formatDuration } from "../../format";
import { useI18n } from "../../i18n";
import { jobEtaSeconds, progressPercent } from "../../stores/jobs";
import { cancelMediaJob, clearMediaJob, type MediaJob } from "../../stores/mediaJob";
import { mediaJobTitle, mediaOutcomeText } from "../../stores/mediaOutcome";
import ProblemsTable from "./ProblemsTable";
import RepairResult from "./RepairResult";
import VaultProblems from "./VaultProblems";

/**
 * Progress of the running backup / verification / repair / restore, then its result. A
 * verification that found problems offers to repair them (`onRepair`, on the media screen).
 */
export default function MediaJobPanel({
  job,
  onRepair,
  onVaultRepair,
}: {
  job: MediaJob;
  onRepair?: () => void;
  onVaultRepair?: () => void;
}) {
  const { t } = useI18n();
  const units = { h: t("progress.h"), m: t("progress.m"), s: t("progress.s") };
  const title = mediaJobTitle(t, job);

  if (job.status === "failed") {
    return <Alert data-testid="media-job-failed" type="error" showIcon closable={{ onClose: clearMediaJob }} title={title} description={job.error} />;
  }

  if (job.status === "done" && job.result) {
    const r = job.result;
    const text = mediaOutcomeText(t, r);
    const close = (
      <Button data-testid="media-job-close" size="small" onClick={clearMediaJob}>
        {t("common.close")}
      </Button>
    );
    if (r.kind === "backup" || r.kind === "restore" || r.kind === "handback") {
      return (
        <Alert
          data-testid="media-job-result"
          type={text.type}
          showIcon
          action={close}
          title={`${title} · ${text.headline}`}
          description={text.description}
        />
      );
    }
    if (r.kind === "vaultVerify" || r.kind === "vaultRepair") {
      const left = r.kind === "vaultVerify" ? r.outcome.problems : r.outcome.unrepaired;
      const repair = r.kind === "vaultVerify" && !r.outcome.cancelled && left.length > 0 && onVaultRepair && (
        <Button type="primary" danger icon={<MedicineBoxOutlined />} data-testid="vault-repair-open" onClick={onVaultRepair}>
          {t("vault.repairFrom")}
        </Button>
      );
      return (
        <Card data-testid="media-job-result" title={title} extra={close}>
          <Alert type={text.type} showIcon title={text.headline} description={text.description} action={repair} />
          {left.length > 0 && <VaultProblems problems={left} />}
        </Card>
      );
    }
    if (r.kind === "repair") {
      return (
        <Card data-testid="media-job-result" title={title} extra={close}>
          <RepairResult outcome={r.outcome} />
        </Card>
      );
    }
    const o = r.outcome;
    const problems = !o.cancelled && !o.ok;
    const repair = problems && onRepair && (
      <Button type="primary" danger icon={<MedicineBoxOutlined />} data-testid="repair-from-verify" onClick={onRepair}>
        {t("media.repairThese")}
      </Button>
    );
    return (
      <Card data-testid="media-job-result" title={title} extra={close}>
        <Alert data-testid={o.ok ? "verify-ok" : undefined} type={text.type} showIcon title={text.headline} description={text.description} action={repair} />
        {problems && (
          <div style={{ marginTop: 16 }}>
            <ProblemsTable testId="verify-problems" problems={o.problems} />
          </div>
        )}
      </Card>
    );
  }

  const p = job.progress;
  const cancelling = job.status === "cancelling";
  const eta = jobEtaSeconds(job);
  return (
    <Card
      data-testid="media-job-progress"
      title={`${title} · ${p ? t(`progress.phase.${p.phase}`) : t("progress.starting")}`}
      extra={
        <Button data-testid="media-job-cancel" danger icon={<StopOutlined />} loading={cancelling} onClick={() => void cancelMediaJob()}>
          {cancelling ? t("progress.cancelling") : t("progress.cancel")}
        </Button>
      }
    >
      <Progress percent={progressPercent(p)} status={cancelling ? "exception" : "active"} />
      <Row gutter={16} style={{ marginTop: 16 }}>
        <Col span={8}>
          <Statistic title={t("progress.files")} value={p ? `${formatCount(p.filesDone)} / ${formatCount(p.filesTotal)}` : "—"} />
        </Col>
        <Col span={8}>
          <Statistic title={t("progress.bytes")} value={p ? `${formatBytes(p.bytesDone)} / ${formatBytes(p.bytesTotal)}` : "—"} />
        </Col>
        <Col span={8}>
          <Statistic title={t("progress.eta")} value={eta === null ? "—" : formatDuration(eta, units)} />
        </Col>
      </Row>
      <Typography.Text className="mono" type="secondary" ellipsis={{ tooltip: p?.currentPath }}>
        {p?.currentPath ?? "—"}
      </Typography.Text>
      {job.cancelError && <Alert type="error" showIcon title={`${t("progress.cancelFailed")}: ${job.cancelError}`} />}
    </Card>
  );
}
