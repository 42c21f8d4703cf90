import { FileSearchOutlined, FolderOpenOutlined } from "@ant-design/icons";
import { Alert, Button, Card, Descriptions, Empty, Input, Segmented, Space, Tag, Typography } from "antd";
import { useState } from "react";
import * as api from "../../api";
import type { CertQuery } from "../../bindings/CertQuery";
import type { CertStatus } from "../../bindings/CertStatus";
import type { CertVerdict } from "../../bindings/CertVerdict";
import type { CertificateSummary } from "../../bindings/CertificateSummary";
import HashText from "../../components/HashText";
import { errorMessage } from "../../errors";
import { formatBytes, formatCount, formatDateTime } from "../../format";
import { useI18n, type Translate } from "../../i18n";
import { openFileDialog } from "../../dialogs";

type By = CertQuery["by"];

const ALERT_TYPE: Record<CertStatus, "success" | "warning" | "error"> = {
  current: "success",
  superseded: "warning",
  notIssued: "error",
  digestMismatch: "error",
  checkpointMismatch: "error",
  signatureInvalid: "error",
};

function CertificateFields({ cert, t }: { cert: CertificateSummary; t: Translate }) {
  return (
    <Descriptions data-testid="certverify-fields" size="small" column={1} bordered style={{ marginTop: 16 }} styles={{ label: { width: 150, whiteSpace: "nowrap" } }}>
      <Descriptions.Item label={t("cert.number")}>
        <span className="mono">{cert.number}</span>
        {cert.reissueOf && <Tag color="orange" style={{ marginLeft: 8 }}>{t("certVerify.reissueOf", { number: cert.reissueOf })}</Tag>}
        {cert.supersededBy && <Tag style={{ marginLeft: 8 }}>{t("cert.superseded", { number: cert.supersededBy })}</Tag>}
      </Descriptions.Item>
      <Descriptions.Item label={t("attest.registration")}>
        <span className="mono">{cert.registrationNumber}</span>
      </Descriptions.Item>
      <Descriptions.Item label={t("certVerify.regTitle")}>{cert.title}</Descriptions.Item>
      <Descriptions.Item label={t("attest.unit")}>{[cert.unitName, cert.unitUscc].filter(Boolean).join(" · ")}</Descriptions.Item>
      <Descriptions.Item label={t("attest.sealedAt")}>{formatDateTime(cert.sealedAt)}</Descriptions.Item>
      <Descriptions.Item label={t("certVerify.files")}>
        {t("certVerify.filesValue", { files: formatCount(cert.files), size: formatBytes(cert.bytes) })}
      </Descriptions.Item>
      <Descriptions.Item label={t("certVerify.packageSm3")}>
        <HashText value={cert.packageSm3} placeholder="" />
      </Descriptions.Item>
      <Descriptions.Item label={t("certVerify.packageSha256")}>
        <HashText value={cert.packageSha256} placeholder="" />
      </Descriptions.Item>
      <Descriptions.Item label={t("cert.issuedAt")}>
        {formatDateTime(cert.issuedAt)} · {cert.issuedBy} · {cert.archiveName}
      </Descriptions.Item>
      <Descriptions.Item label={t("attest.checkpoint")}>
        {t("attest.checkpointSize", { size: cert.checkpointSize })} · <span className="mono">{cert.checkpointHead}</span>
      </Descriptions.Item>
      <Descriptions.Item label={t("certVerify.qrText")}>
        <HashText testId="certverify-qr" value={cert.qrText} placeholder="" />
      </Descriptions.Item>
    </Descriptions>
  );
}

/** 证明核验: is a certificate presented by number, QR text or as a PDF genuine and current? */
export default function CertVerifyPage() {
  const { t } = useI18n();
  const [by, setBy] = useState<By>("number");
  const [texts, setTexts] = useState<Record<By, string>>({ number: "", qr: "", pdf: "" });
  const [running, setRunning] = useState(false);
  const [verdict, setVerdict] = useState<CertVerdict | null>(null);
  const [error, setError] = useState<string | null>(null);
  const value = texts[by];
  const setValue = (v: string) => setTexts((all) => ({ ...all, [by]: v }));

  const run = async () => {
    const v = value.trim();
    if (!v || running) return;
    setRunning(true);
    setError(null);
    setVerdict(null);
    try {
      setVerdict(await api.verifyCertificate({ by, value: v }));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setRunning(false);
    }
  };
  const pickPdf = async () => {
    const chosen = await openFileDialog(t, t("dialog.openCertificate"), "pdf");
    if (chosen !== null) setValue(chosen);
  };

  const input =
    by === "qr" ? (
      <Input.TextArea
        data-testid="certverify-input"
        className="mono"
        autoSize={{ minRows: 2, maxRows: 4 }}
        placeholder={t("certVerify.qrPlaceholder")}
        value={value}
        onChange={(e) => setValue(e.target.value)}
      />
    ) : (
      <Input
        data-testid="certverify-input"
        className="mono"
        placeholder={by === "number" ? t("certVerify.numberPlaceholder") : t("certVerify.pdfPlaceholder")}
        value={value}
        onChange={(e) => setValue(e.target.value)}
        onPressEnter={(e) => {
          if (!e.nativeEvent.isComposing) void run();
        }}
      />
    );

  return (
    <Space orientation="vertical" size={16} style={{ width: "100%" }}>
      <Card title={t("certVerify.title")}>
        <Typography.Paragraph type="secondary">{t("certVerify.intro")}</Typography.Paragraph>
        <Segmented<By>
          value={by}
          onChange={(v) => {
            setBy(v);
            setVerdict(null);
            setError(null);
          }}
          options={(["number", "qr", "pdf"] as const).map((b) => ({ value: b, label: <span data-testid={`certverify-by-${b}`}>{t(`certVerify.by.${b}`)}</span> }))}
          style={{ marginBottom: 12 }}
        />
        <Space.Compact style={{ width: "100%" }}>
          {input}
          {by === "pdf" && (
            <Button icon={<FolderOpenOutlined />} onClick={() => void pickPdf()}>
              {t("certVerify.choosePdf")}
            </Button>
          )}
          <Button data-testid="certverify-run" type="primary" icon={<FileSearchOutlined />} loading={running} disabled={!value.trim()} onClick={() => void run()}>
            {t("certVerify.run")}
          </Button>
        </Space.Compact>
        {error && <Alert data-testid="certverify-error" type="error" showIcon title={error} style={{ marginTop: 16 }} />}
      </Card>
      {verdict ? (
        <Card data-testid="certverify-result">
          <Alert
            type={ALERT_TYPE[verdict.status]}
            showIcon
            title={<span data-testid="certverify-status">{t(`certVerify.status.${verdict.status}`)}</span>}
            description={verdict.message}
          />
          <Alert
            data-testid="certverify-signature"
            style={{ marginTop: 12 }}
            type={verdict.signature.status === "valid" ? "success" : verdict.signature.status === "unsigned" ? "info" : "error"}
            showIcon
            title={`${t("certVerify.signature")}：${t(`certVerify.signature.${verdict.signature.status}`)}`}
            description={verdict.signature.message}
          />
          {verdict.problems.length > 0 && (
            <ul data-testid="certverify-problems" style={{ marginTop: 12 }}>
              {verdict.problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          )}
          {verdict.certificate && <CertificateFields cert={verdict.certificate} t={t} />}
        </Card>
      ) : (
        !running && <Empty description={t("certVerify.empty")} />
      )}
    </Space>
  );
}
