import { SafetyCertificateOutlined } from "@ant-design/icons";
import { Alert, Button, Card, Typography } from "antd";
import { useState } from "react";
import { startVerifyLedger } from "../../api";
import type { LedgerReport } from "../../bindings/LedgerReport";
import { errorMessage } from "../../errors";
import { formatCount } from "../../format";
import { useLocalJob } from "../../hooks/useLocalJob";
import { useI18n } from "../../i18n";
import LocalJobProgress from "../../components/LocalJobProgress";

/** Runs verify_ledger on demand and shows the verdict. */
export default function LedgerVerifyCard() {
  const { t } = useI18n();
  const { job, start, cancel } = useLocalJob();
  const [report, setReport] = useState<LedgerReport | null>(null);
  const [error, setError] = useState<string | null>(null);

  const run = async () => {
    setError(null);
    try {
      setReport(await start((jobId, channel) => startVerifyLedger(jobId, channel)));
    } catch (e) {
      setReport(null);
      setError(errorMessage(e));
    }
  };

  return (
    <Card title={t("dash.ledger")}>
      <Typography.Paragraph type="secondary">{t("dash.ledgerIntro")}</Typography.Paragraph>
      <Button data-testid="ledger-verify" icon={<SafetyCertificateOutlined />} loading={job !== null} onClick={() => void run()}>
        {t("dash.verify")}
      </Button>
      {job && (
        <div style={{ marginTop: 16 }}>
          <LocalJobProgress job={job} title={t("dash.ledgerRunning")} testId="ledger-progress" onCancel={() => void cancel().catch((e: unknown) => setError(errorMessage(e)))} />
        </div>
      )}
      <div data-testid="ledger-result" style={{ marginTop: 16 }}>
        {report && (
          <Alert
            type={report.ok ? "success" : "error"}
            showIcon
            title={report.ok ? t("dash.ledgerOk", { entries: formatCount(report.entries) }) : t("dash.ledgerBad")}
            description={report.message}
          />
        )}
        {error && <Alert type="error" showIcon title={error} />}
      </div>
    </Card>
  );
}
