import { SafetyCertificateOutlined } from "@ant-design/icons";
import { Alert, Button, Card, Typography } from "antd";
import { useState } from "react";
import { verifyLedger } from "../api";
import type { LedgerReport } from "../bindings/LedgerReport";
import { errorMessage } from "../errors";
import { formatCount } from "../format";
import { useI18n } from "../i18n";

/** Runs verify_ledger on demand and shows the verdict. */
export default function LedgerVerifyCard() {
  const { t } = useI18n();
  const [running, setRunning] = useState(false);
  const [report, setReport] = useState<LedgerReport | null>(null);
  const [error, setError] = useState<string | null>(null);

  const run = async () => {
    setRunning(true);
    setError(null);
    try {
      setReport(await verifyLedger());
    } catch (e) {
      setReport(null);
      setError(errorMessage(e));
    } finally {
      setRunning(false);
    }
  };

  return (
    <Card title={t("dash.ledger")}>
      <Typography.Paragraph type="secondary">{t("dash.ledgerIntro")}</Typography.Paragraph>
      <Button data-testid="ledger-verify" icon={<SafetyCertificateOutlined />} loading={running} onClick={run}>
        {t("dash.verify")}
      </Button>
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
