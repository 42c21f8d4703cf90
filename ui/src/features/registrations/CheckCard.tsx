import { FilePdfOutlined, SafetyOutlined, StopOutlined } from "@ant-design/icons";
import { Alert, App, Button, Card, Descriptions, Progress, Space, Tag, Typography } from "antd";
import { useState } from "react";
import * as api from "../../api";
import type { CheckSummary } from "../../bindings/CheckSummary";
import type { VirusScan } from "../../bindings/VirusScan";
import { errorMessage } from "../../errors";
import { formatCount, formatDateTime } from "../../format";
import { useLoad } from "../../hooks/useLoad";
import { useI18n, type Translate } from "../../i18n";
import { cancelCheckJob, checkJob, isCheckActive, startCheckJob } from "../../stores/checkJob";
import { progressPercent } from "../../stores/jobs";
import { hasRole, sessionStore } from "../../stores/session";
import CheckFindings, { CountTags, PROPERTIES } from "./CheckFindings";
import { saveFileDialog } from "../../dialogs";

function SummaryLine({ summary, t }: { summary: CheckSummary; t: Translate }) {
  return (
    <Space wrap size={16}>
      {PROPERTIES.map((p) => (
        <Space key={p} size={4}>
          {t(`check.property.${p}`)}
          <CountTags counts={summary[p]} t={t} />
        </Space>
      ))}
    </Space>
  );
}

function virusLine(v: VirusScan, t: Translate): string {
  return `${t(`check.virus.${v.state}`)}${v.detail ? `（${v.detail}）` : ""}`;
}

/** 四性检测 of a registration: run it (a cancellable long job), the findings by property,
 *  the PDF report, and the latest summary kept with the registration. */
export default function CheckCard({ registrationId }: { registrationId: number }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const session = sessionStore.use();
  const job = checkJob.use();
  const checks = useLoad(() => api.listChecks(registrationId), [registrationId]);
  const [error, setError] = useState<string | null>(null);
  const mine = job && job.registrationId === registrationId ? job : null;
  const running = isCheckActive(mine);
  const report = mine?.report ?? null;
  const latest = checks.data?.at(-1) ?? null;

  const saveReport = async (record: number) => {
    try {
      const path = await saveFileDialog(t, t("dialog.saveCheckReport"), `${t("check.reportFileName")}-${record}.pdf`, "pdf");
      if (!path) return;
      await api.saveCheckReport(record, path);
      message.success(t("check.reportSaved", { path }));
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  return (
    <Card
      data-testid="check-card"
      title={t("check.title")}
      extra={
        <Space>
          {report?.record != null && (
            <Button data-testid="check-report" icon={<FilePdfOutlined />} onClick={() => void saveReport(report.record!)}>
              {t("check.saveReport")}
            </Button>
          )}
          {hasRole(session, "clerk", "reviewer") && (
            <Button
              data-testid="check-start"
              type="primary"
              icon={<SafetyOutlined />}
              loading={running}
              disabled={isCheckActive(job) && !running}
              onClick={() => startCheckJob(registrationId, checks.reload)}
            >
              {t("check.start")}
            </Button>
          )}
        </Space>
      }
    >
      {(error ?? mine?.error ?? checks.error) && (
        <Alert type="error" showIcon title={error ?? mine?.error ?? checks.error} style={{ marginBottom: 16 }} />
      )}
      {running && mine && (
        <div data-testid="check-progress" style={{ marginBottom: 16 }}>
          <Space style={{ width: "100%", justifyContent: "space-between" }}>
            <Typography.Text>
              {mine.progress
                ? t("check.progress", { done: formatCount(mine.progress.filesDone), total: formatCount(mine.progress.filesTotal) })
                : t("progress.starting")}
            </Typography.Text>
            <Button data-testid="check-cancel" danger size="small" icon={<StopOutlined />} loading={mine.status === "cancelling"} onClick={() => void cancelCheckJob()}>
              {mine.status === "cancelling" ? t("progress.cancelling") : t("progress.cancel")}
            </Button>
          </Space>
          <Progress percent={progressPercent(mine.progress)} status={mine.status === "cancelling" ? "exception" : "active"} />
          <Typography.Text type="secondary" className="mono" ellipsis={{ tooltip: mine.progress?.currentPath }}>
            {mine.progress?.currentPath ?? ""}
          </Typography.Text>
          {mine.cancelError && <Alert type="error" showIcon title={`${t("progress.cancelFailed")}: ${mine.cancelError}`} />}
        </div>
      )}
      {report ? (
        <div data-testid="check-result">
          {report.cancelled ? (
            <Alert type="warning" showIcon title={t("check.cancelled")} style={{ marginBottom: 16 }} />
          ) : (
            <Alert
              data-testid="check-verdict"
              type={report.passed ? "success" : "error"}
              showIcon
              title={report.passed ? t("check.passed") : t("check.failed")}
              description={
                <Space orientation="vertical" size={4}>
                  <span>{t("check.ranBy", { at: formatDateTime(report.at), operator: report.operator, files: formatCount(report.files) })}</span>
                  <span>{t("check.virusLine", { result: virusLine(report.virusScan, t) })}</span>
                </Space>
              }
              style={{ marginBottom: 16 }}
            />
          )}
          <CheckFindings findings={report.findings} summary={report.summary} />
        </div>
      ) : latest ? (
        <Descriptions data-testid="check-latest" size="small" column={1} bordered>
          <Descriptions.Item label={t("check.latest")}>
            <Space wrap>
              <Tag color={latest.passed ? "green" : "red"}>{latest.passed ? t("check.passedShort") : t("check.failedShort")}</Tag>
              {latest.atIntake && <Tag data-testid="check-at-intake">{t("check.atIntake")}</Tag>}
              {t("check.ranBy", { at: formatDateTime(latest.at), operator: latest.operator, files: formatCount(latest.files) })}
            </Space>
          </Descriptions.Item>
          <Descriptions.Item label={t("check.summary")}>
            <SummaryLine summary={latest.summary} t={t} />
          </Descriptions.Item>
          <Descriptions.Item label={t("check.virusTitle")}>{virusLine(latest.virusScan, t)}</Descriptions.Item>
        </Descriptions>
      ) : (
        !running && <Typography.Text type="secondary">{t("check.none")}</Typography.Text>
      )}
    </Card>
  );
}
