import { FileAddOutlined, FilePdfOutlined, PlusOutlined, SafetyCertificateOutlined } from "@ant-design/icons";
import { Alert, App, Button, Card, Descriptions, Empty, Input, Space, Tag, Typography } from "antd";
import { useState } from "react";
import * as api from "../../api";
import type { AttestedFile } from "../../bindings/AttestedFile";
import type { RegisteredCopy } from "../../bindings/RegisteredCopy";
import HashText from "../../components/HashText";
import { errorMessage } from "../../errors";
import LocalJobProgress from "../../components/LocalJobProgress";
import { formatBytes, formatDateTime } from "../../format";
import { useDragDrop } from "../../hooks/useDragDrop";
import { useI18n, type Translate } from "../../i18n";
import { lastAttestation } from "../../stores/attestation";
import { useLocalJob } from "../../hooks/useLocalJob";
import { saveFileDialog, openManyDialog } from "../../dialogs";

type Verdict = "match" | "sameName" | "noMatch";

const verdictOf = (f: AttestedFile): Verdict => (f.matches.length > 0 ? "match" : f.sameName.length > 0 ? "sameName" : "noMatch");
const VERDICT_COLOR: Record<Verdict, string> = { match: "green", sameName: "orange", noMatch: "red" };

function MediaLine({ copy, t }: { copy: RegisteredCopy; t: Translate }) {
  if (copy.media.length === 0) return <Typography.Text type="secondary">{t("attest.noMedia")}</Typography.Text>;
  return (
    <Space wrap>
      {copy.media.map((m) => (
        <Tag key={`${m.set}-${m.label}`} color={m.lastResult === "problems" ? "red" : m.lastResult === "ok" ? "green" : undefined}>
          {t("attest.medium", { set: m.set, label: m.label })} · {m.lastVerifiedAt ? t("attest.verifiedAt", { at: formatDateTime(m.lastVerifiedAt) }) : t("attest.neverVerified")}
        </Tag>
      ))}
    </Space>
  );
}

function Copy({ copy, t }: { copy: RegisteredCopy; t: Translate }) {
  return (
    <Descriptions size="small" column={1} bordered style={{ marginTop: 8 }}>
      <Descriptions.Item label={t("attest.registration")}>
        <span data-testid="attest-registration" className="mono">
          {copy.registrationNumber}
        </span>
      </Descriptions.Item>
      {copy.heldBy && (
        <Descriptions.Item label={t("attest.heldBy")}>
          <span data-testid="attest-held-by">
            {t("attest.heldByText", {
              archive: copy.heldBy.archive,
              region: copy.heldBy.regionCode,
              report: copy.heldBy.report,
              at: formatDateTime(copy.heldBy.receivedAt),
            })}
          </span>
        </Descriptions.Item>
      )}
      <Descriptions.Item label={t("attest.unit")}>{[copy.unitName, copy.unitUscc].filter(Boolean).join(" · ")}</Descriptions.Item>
      <Descriptions.Item label={t("attest.path")}>
        <span className="mono">{copy.path}</span>
      </Descriptions.Item>
      <Descriptions.Item label={t("attest.registeredSize")}>{formatBytes(copy.size)}</Descriptions.Item>
      <Descriptions.Item label={t("attest.registeredSm3")}>
        <HashText value={copy.sm3} placeholder="" />
      </Descriptions.Item>
      <Descriptions.Item label={t("attest.registeredSha256")}>
        <HashText value={copy.sha256} placeholder="" />
      </Descriptions.Item>
      <Descriptions.Item label={t("attest.sealedAt")}>{formatDateTime(copy.sealedAt)}</Descriptions.Item>
      {copy.disposedAt && (
        <Descriptions.Item label={t("action.registration.dispose")}>
          <Typography.Text type="danger" data-testid="attest-disposed">
            {t("attest.disposed", { at: formatDateTime(copy.disposedAt) })}
          </Typography.Text>
        </Descriptions.Item>
      )}
      <Descriptions.Item label={t("attest.media")}>
        <MediaLine copy={copy} t={t} />
      </Descriptions.Item>
    </Descriptions>
  );
}

function FileResult({ file, t }: { file: AttestedFile; t: Translate }) {
  const verdict = verdictOf(file);
  return (
    <Card
      size="small"
      data-testid="attest-file"
      title={
        <Space>
          <Tag data-testid="attest-verdict" color={VERDICT_COLOR[verdict]}>
            {t(`attest.verdict.${verdict}`)}
          </Tag>
          <span>{file.name}</span>
          <Typography.Text type="secondary">{formatBytes(file.size)}</Typography.Text>
        </Space>
      }
    >
      <Descriptions size="small" column={1}>
        <Descriptions.Item label={t("attest.presentedSm3")}>
          <HashText value={file.sm3} placeholder="" />
        </Descriptions.Item>
        <Descriptions.Item label={t("attest.presentedSha256")}>
          <HashText value={file.sha256} placeholder="" />
        </Descriptions.Item>
      </Descriptions>
      {file.matches.map((c) => (
        <Copy key={`${c.registrationNumber}/${c.path}`} copy={c} t={t} />
      ))}
      {verdict === "sameName" && (
        <>
          <Alert type="warning" showIcon title={t("attest.sameNameHint")} style={{ marginTop: 8 }} />
          {file.sameName.map((c) => (
            <Copy key={`${c.registrationNumber}/${c.path}`} copy={c} t={t} />
          ))}
        </>
      )}
      {verdict === "noMatch" && <Alert type="error" showIcon title={t("attest.noMatchHint")} style={{ marginTop: 8 }} />}
    </Card>
  );
}


/** 鉴证: files dropped, picked or typed are compared with the sealed registrations. */
export default function AttestPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [typed, setTyped] = useState("");
  const { job, start: startJob, cancel } = useLocalJob();
  const running = job !== null;
  // Kept outside the page: a clerk who looks something up elsewhere comes back to it.
  const result = lastAttestation.use();
  const setResult = lastAttestation.set;
  const [error, setError] = useState<string | null>(null);

  // A job of its own: a folder of presented files takes a while.
  const run = async (paths: string[]) => {
    if (paths.length === 0 || running) return;
    setError(null);
    try {
      setResult(await startJob((jobId, channel) => api.startAttest(jobId, paths, channel)));
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  const hovering = useDragDrop((paths) => void run(paths), !running);
  const pick = async () => {
    try {
      await run(await openManyDialog(t("dialog.openPresented"), false));
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  // The report is drawn by the backend from the attestation it kept; only the path goes over.
  const saveReport = async (seq: number) => {
    try {
      const path = await saveFileDialog(t, t("dialog.saveAttestReport"), `${t("attest.reportFileName")}-${seq}.pdf`, "pdf");
      if (!path) return;
      await api.saveAttestationReport(seq, path);
      message.success(t("attest.reportSaved", { path }));
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  return (
    <Space orientation="vertical" size={16} style={{ width: "100%" }}>
      <Card title={t("attest.title")}>
        <Typography.Paragraph type="secondary">{t("attest.intro")}</Typography.Paragraph>
        <div className={`drop-zone${hovering ? " active" : ""}`}>
          <Space wrap style={{ marginBottom: 12 }}>
            <Button data-testid="attest-pick" type="primary" icon={<FileAddOutlined />} loading={running} onClick={() => void pick()}>
              {t("attest.pick")}
            </Button>
          </Space>
          <Space.Compact style={{ width: "100%" }}>
            <Input
              data-testid="attest-path-input"
              className="mono"
              placeholder={t("attest.pathPlaceholder")}
              value={typed}
              disabled={running}
              onChange={(e) => setTyped(e.target.value)}
              onPressEnter={(e) => {
                if (e.nativeEvent.isComposing) return;
                void run([typed.trim()].filter(Boolean));
              }}
            />
            <Button data-testid="attest-path-run" icon={<PlusOutlined />} disabled={running} onClick={() => void run([typed.trim()].filter(Boolean))}>
              {t("attest.run")}
            </Button>
          </Space.Compact>
          <Typography.Paragraph type="secondary" style={{ margin: "8px 0 0" }}>
            {hovering ? t("attest.dropActive") : t("attest.dropHint")}
          </Typography.Paragraph>
        </div>
        {error && <Alert type="error" showIcon title={error} style={{ marginTop: 16 }} />}
      </Card>
      {job && <LocalJobProgress job={job} title={t("attest.running")} testId="attest-progress" onCancel={() => void cancel().catch((e: unknown) => setError(errorMessage(e)))} />}
      {result ? (
        <Card
          data-testid="attest-result"
          title={
            <Space>
              <SafetyCertificateOutlined />
              {t("attest.record", { seq: result.seq })}
            </Space>
          }
          extra={
            <Button data-testid="attest-report" type="primary" icon={<FilePdfOutlined />} onClick={() => void saveReport(result.seq)}>
              {t("attest.report")}
            </Button>
          }
        >
          <Descriptions size="small" column={2} style={{ marginBottom: 16 }}>
            <Descriptions.Item label={t("attest.at")}>{formatDateTime(result.at)}</Descriptions.Item>
            <Descriptions.Item label={t("attest.operator")}>{result.operator}</Descriptions.Item>
            <Descriptions.Item label={t("attest.checkpoint")} span={2}>
              <span data-testid="attest-checkpoint">
                {t("attest.checkpointSize", { size: result.checkpointSize })} · <span className="mono">{result.checkpointHead}</span>
              </span>
            </Descriptions.Item>
          </Descriptions>
          {result.lower.length > 0 && (
            <Alert
              type="info"
              showIcon
              data-testid="attest-lower-scope"
              style={{ marginBottom: 16 }}
              title={t("attest.lowerScope", {
                copies: result.lower.map((h) => t("reports.lowerCopy", { archive: h.archive, report: h.report })).join("、"),
              })}
            />
          )}
          <Space orientation="vertical" size={12} style={{ width: "100%" }}>
            {result.files.map((f, i) => (
              <FileResult key={i} file={f} t={t} />
            ))}
          </Space>
        </Card>
      ) : (
        !running && <Empty description={t("attest.empty")} />
      )}
    </Space>
  );
}
