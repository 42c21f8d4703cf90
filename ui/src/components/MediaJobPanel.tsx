import { StopOutlined } from "@ant-design/icons";
import { Alert, Button, Card, Col, Progress, Row, Statistic, Table, Tag, Typography } from "antd";
import type { MediumProblem } from "../bindings/MediumProblem";
import { formatBytes, formatCount, formatDuration } from "../format";
import { useI18n } from "../i18n";
import { jobEtaSeconds, progressPercent } from "../stores/jobs";
import { cancelMediaJob, clearMediaJob, type MediaJob } from "../stores/mediaJob";

/** Progress of the running backup / verification / restore, then its result. */
export default function MediaJobPanel({ job }: { job: MediaJob }) {
  const { t } = useI18n();
  const units = { h: t("progress.h"), m: t("progress.m"), s: t("progress.s") };
  const title = `${t(`media.job.${job.kind}`)} · ${job.subject}`;

  if (job.status === "failed") {
    return <Alert data-testid="media-job-failed" type="error" showIcon closable={{ onClose: clearMediaJob }} title={title} description={job.error} />;
  }

  if (job.status === "done" && job.result) {
    const r = job.result;
    const close = (
      <Button size="small" onClick={clearMediaJob}>
        {t("common.close")}
      </Button>
    );
    if (r.kind === "backup") {
      const o = r.outcome;
      return (
        <Alert
          data-testid="media-job-result"
          type={o.cancelled ? "warning" : "success"}
          showIcon
          action={close}
          title={`${title} · ${o.cancelled ? t("media.cancelled") : t("media.backupDone")}`}
          description={t("media.backupSummary", {
            bags: formatCount(o.written.length),
            files: formatCount(o.files),
            bytes: formatBytes(o.bytes),
            held: formatCount(o.alreadyHeld),
            time: formatDuration(o.elapsedMs / 1000, units),
          })}
        />
      );
    }
    if (r.kind === "restore") {
      const o = r.outcome;
      return (
        <Alert
          data-testid="media-job-result"
          type={o.cancelled ? "warning" : "success"}
          showIcon
          action={close}
          title={`${title} · ${o.cancelled ? t("media.cancelled") : t("restore.done")}`}
          description={
            t("restore.summary", { files: formatCount(o.files), bytes: formatBytes(o.bytes), time: formatDuration(o.elapsedMs / 1000, units) }) +
            (o.cancelled ? "" : ` ${t("restore.checked")}`)
          }
        />
      );
    }
    const o = r.outcome;
    const problemColumns = [
      { title: t("media.problemBag"), dataIndex: "bag", width: 200, render: (v: string) => <span className="mono">{v}</span> },
      { title: t("media.problemPath"), dataIndex: "path", render: (v: string) => <span className="mono">{v || t("media.wholeBag")}</span> },
      {
        title: t("media.problem"),
        dataIndex: "kind",
        width: 240,
        render: (k: MediumProblem["kind"], p: MediumProblem) => (
          <>
            <Tag color="error">{t(`media.problem.${k}`)}</Tag>
            {p.detail}
          </>
        ),
      },
    ];
    const stats = t("media.verifySummary", {
      checked: formatCount(o.bagsChecked),
      held: formatCount(o.bagsHeld),
      files: formatCount(o.files),
      bytes: formatBytes(o.bytes),
    });
    return (
      <Card data-testid="media-job-result" title={title} extra={close}>
        {o.cancelled ? (
          <Alert type="warning" showIcon title={t("media.cancelled")} description={stats} />
        ) : o.ok ? (
          <Alert data-testid="verify-ok" type="success" showIcon title={t("media.allGood")} description={stats} />
        ) : (
          <>
            <Alert type="error" showIcon title={t("media.problems", { n: formatCount(o.problems.length) })} description={stats} />
            <Table
              data-testid="verify-problems"
              style={{ marginTop: 16 }}
              size="small"
              rowKey={(p) => `${p.bag}/${p.path}/${p.kind}`}
              columns={problemColumns}
              dataSource={o.problems}
              pagination={o.problems.length > 20 ? { pageSize: 20 } : false}
            />
          </>
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
