import { DownloadOutlined, FileProtectOutlined, PrinterOutlined } from "@ant-design/icons";
import { Alert, App, Button, Card, Space, Spin, Table, Tag, type ButtonProps, type TableColumnsType } from "antd";
import { lazy, Suspense, useEffect, useState } from "react";
import * as api from "../../api";
import type { CertificateSummary } from "../../bindings/CertificateSummary";
import { errorMessage, hasCode } from "../../errors";
import { formatBytes, formatDateTime } from "../../format";
import { useLoad } from "../../hooks/useLoad";
import { useLocalJob } from "../../hooks/useLocalJob";
import { useI18n } from "../../i18n";
import { hasRole, sessionStore } from "../../stores/session";
import KeyUnlockModal from "../keys/KeyUnlockModal";
import LocalJobProgress from "../../components/LocalJobProgress";
import { saveFileDialog } from "../../dialogs";

// pdf.js is large: loaded when a certificate is first shown.
const PdfPreview = lazy(() => import("./PdfPreview"));

/** 登记证明 of a sealed registration: issue (补发 once one exists), the list, and the
 *  chosen certificate rendered, saved where the clerk picks, or printed. */
export default function CertificatesCard({ registrationId, onIssued }: { registrationId: number; onIssued: () => void }) {
  const { t } = useI18n();
  const { message, modal } = App.useApp();
  const session = sessionStore.use();
  const certs = useLoad(() => api.listCertificates(registrationId), [registrationId]);
  const [shown, setShown] = useState<string | null>(null);
  const [pdf, setPdf] = useState<{ number: string; bytes: ArrayBuffer } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // Issuing signs: a locked key is asked for, then the issue goes on.
  const [unlocking, setUnlocking] = useState(false);
  // A large annex takes a while: the issue is a job with progress and a cancel button.
  const { job, start, cancel } = useLocalJob();
  const list = certs.data ?? [];
  const current = list.find((c) => c.supersededBy === null) ?? null;

  useEffect(() => {
    if (!shown) return;
    let alive = true;
    api
      .certificatePdf(shown)
      .then((bytes) => alive && setPdf({ number: shown, bytes }))
      .catch((e: unknown) => alive && setError(errorMessage(e)));
    return () => {
      alive = false;
    };
  }, [shown]);

  const issue = async () => {
    setBusy(true);
    setError(null);
    try {
      const cert = await start((jobId, channel) => api.startIssueCertificate(jobId, registrationId, channel));
      message.success(t("cert.issued", { number: cert.number }));
      certs.reload();
      onIssued();
      setShown(cert.number);
    } catch (e) {
      if (hasCode(e, "key_locked")) setUnlocking(true);
      else if (hasCode(e, "issue_cancelled")) message.info(errorMessage(e));
      else setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const confirmIssue = () => {
    if (!current) return void issue();
    modal.confirm({
      title: t("cert.reissueTitle"),
      content: t("cert.reissueConfirm", { number: current.number }),
      okText: t("cert.reissue"),
      okButtonProps: { "data-testid": "cert-reissue-confirm" } as ButtonProps,
      onOk: issue,
    });
  };

  const saveAs = async (number: string) => {
    const path = await saveFileDialog(t, t("dialog.saveCertificate"), `${t("cert.fileName")}-${number}.pdf`, "pdf");
    if (!path) return;
    try {
      await api.saveCertificate(number, path);
      message.success(t("cert.saved", { path }));
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  const columns: TableColumnsType<CertificateSummary> = [
    {
      title: t("cert.number"),
      dataIndex: "number",
      render: (n: string, c) => (
        <Space>
          <span className="mono">{n}</span>
          {c.reissueOf && <Tag color="orange">{t("cert.reissueTag")}</Tag>}
          {c.supersededBy ? <Tag>{t("cert.superseded", { number: c.supersededBy })}</Tag> : <Tag color="green">{t("cert.current")}</Tag>}
        </Space>
      ),
    },
    { title: t("cert.issuedAt"), dataIndex: "issuedAt", width: 170, render: (v: string) => formatDateTime(v) },
    { title: t("cert.issuedBy"), dataIndex: "issuedBy", width: 120 },
    { title: t("cert.size"), dataIndex: "pdfBytes", width: 100, align: "right", render: (n: number) => formatBytes(n) },
  ];

  return (
    <Card
      title={t("cert.title")}
      extra={
        hasRole(session, "clerk") && (
          <Button data-testid="cert-issue" type="primary" icon={<FileProtectOutlined />} loading={busy} onClick={confirmIssue}>
            {current ? t("cert.reissue") : t("cert.issue")}
          </Button>
        )
      }
    >
      <KeyUnlockModal
        open={unlocking}
        onClose={() => setUnlocking(false)}
        onUnlocked={() => {
          setUnlocking(false);
          void issue();
        }}
      />
      {job && (
        <LocalJobProgress job={job} title={t("cert.issuing")} testId="cert-issue-progress" onCancel={() => void cancel().catch((e: unknown) => setError(errorMessage(e)))} />
      )}
      {(error ?? certs.error) && <Alert type="error" showIcon title={error ?? certs.error} style={{ marginBottom: 16 }} />}
      <Table
        data-testid="cert-table"
        className="clickable-rows"
        rowKey="number"
        size="small"
        loading={certs.loading}
        columns={columns}
        dataSource={list}
        pagination={false}
        locale={{ emptyText: t("cert.none") }}
        rowClassName={(c) => (c.number === shown ? "ant-table-row-selected" : "")}
        onRow={(c) => ({ onClick: () => setShown(c.number) })}
      />
      {shown && (
        <Card
          size="small"
          style={{ marginTop: 16 }}
          title={<span data-testid="cert-shown">{t("cert.preview", { number: shown })}</span>}
          extra={
            <Space>
              <Button data-testid="cert-save" icon={<DownloadOutlined />} onClick={() => void saveAs(shown)}>
                {t("cert.save")}
              </Button>
              <Button data-testid="cert-print" icon={<PrinterOutlined />} disabled={pdf?.number !== shown} onClick={() => window.print()}>
                {t("cert.print")}
              </Button>
            </Space>
          }
        >
          {pdf?.number === shown && (
            <Suspense fallback={<Spin />}>
              <PdfPreview bytes={pdf.bytes} testId="cert-preview" />
            </Suspense>
          )}
        </Card>
      )}
    </Card>
  );
}
