import { MinusCircleOutlined, PlusOutlined, StopOutlined } from "@ant-design/icons";
import { Alert, Button, Form, Input, Progress, Space, Typography } from "antd";
import { useState } from "react";
import { archiveInfo, cancelRecover, startRecover } from "../../api";
import type { ArchiveInfo } from "../../bindings/ArchiveInfo";
import type { JobEvent } from "../../bindings/JobEvent";
import type { RecoverOutcome } from "../../bindings/RecoverOutcome";
import PathInput from "../../components/PathInput";
import { errorMessage } from "../../errors";
import { formatBytes, formatCount } from "../../format";
import { useI18n } from "../../i18n";
import { newJobId, progressPercent, type JobStatus, type Sample } from "../../stores/jobs";
import { runWithProgress } from "../../stores/progressRun";

type Values = { media: string[]; adminName: string; adminPassword: string };

type Job = { jobId: string; status: JobStatus; progress: JobEvent | null; samples: Sample[]; outcome: RecoverOutcome | null; error: string | null };

/** 从备份介质重建: medium folders and the lost workstation's admin; the rebuild runs as a
 *  long job (progress, cancel), then opens the archive signed in as that admin. */
export default function RebuildForm({ onBack, onDone }: { onBack: () => void; onDone: (info: ArchiveInfo) => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const [job, setJob] = useState<Job | null>(null);
  const [opening, setOpening] = useState(false);
  const running = job?.status === "running" || job?.status === "cancelling";

  const start = (v: Values) => {
    const jobId = newJobId();
    const media = v.media.map((m) => m?.trim() ?? "").filter((m) => m.length > 0);
    setJob({ jobId, status: "running", progress: null, samples: [], outcome: null, error: null });
    const patch = (f: (j: Job) => Partial<Job>) => setJob((j) => (j && j.jobId === jobId ? { ...j, ...f(j) } : j));
    runWithProgress<Job, RecoverOutcome>(
      patch,
      (channel) => startRecover(jobId, media, v.adminName.trim(), v.adminPassword, channel),
      (outcome) => ({ status: "done", outcome }),
      (error) => ({ status: "failed", error }),
    );
  };

  const cancel = async () => {
    if (!job) return;
    setJob({ ...job, status: "cancelling" });
    try {
      await cancelRecover(job.jobId);
    } catch (e) {
      setJob((j) => j && { ...j, status: "running", error: errorMessage(e) });
    }
  };

  const open = async () => {
    setOpening(true);
    try {
      onDone(await archiveInfo());
    } catch (e) {
      setJob((j) => j && { ...j, error: errorMessage(e) });
      setOpening(false);
    }
  };

  const o = job?.outcome;
  if (o && !o.cancelled) {
    return (
      <div data-testid="rebuild-result">
        <Alert
          type={o.missing.length === 0 ? "success" : "warning"}
          showIcon
          title={t("rebuild.done", {
            complete: formatCount(o.complete),
            registrations: formatCount(o.registrations),
            media: o.media.join("、"),
            files: formatCount(o.filesCopied),
            size: formatBytes(o.bytesCopied),
          })}
          style={{ marginBottom: 16 }}
        />
        {o.missing.length > 0 && <Lines title={t("rebuild.incomplete")} lines={o.missing} />}
        {o.draftsDropped.length > 0 && <Lines title={t("rebuild.draftsDropped")} lines={o.draftsDropped} />}
        {job?.error && <Alert type="error" showIcon title={job.error} style={{ marginBottom: 16 }} />}
        <Button data-testid="rebuild-open" type="primary" block loading={opening} onClick={() => void open()}>
          {t("rebuild.open")}
        </Button>
      </div>
    );
  }

  return (
    <Form form={form} layout="vertical" requiredMark={false} initialValues={{ media: [""] }} onFinish={start} disabled={running}>
      <Typography.Paragraph type="secondary">{t("rebuild.intro")}</Typography.Paragraph>
      <Form.List
        name="media"
        rules={[
          {
            validator: (_, v: string[]) =>
              v.some((m) => m?.trim()) ? Promise.resolve() : Promise.reject(new Error(t("rebuild.mediumRequired"))),
          },
        ]}
      >
        {(fields, { add, remove }, { errors }) => (
          <Form.Item label={t("rebuild.media")}>
            {fields.map((field, i) => (
              <Space key={field.key} style={{ display: "flex", marginBottom: 8 }} align="start">
                <Form.Item name={field.name} noStyle>
                  <PathInput testId={`rebuild-medium-${i}`} />
                </Form.Item>
                {fields.length > 1 && <MinusCircleOutlined onClick={() => remove(field.name)} />}
              </Space>
            ))}
            <Button data-testid="rebuild-add-medium" type="dashed" icon={<PlusOutlined />} onClick={() => add("")}>
              {t("rebuild.addMedium")}
            </Button>
            <Form.ErrorList errors={errors} />
          </Form.Item>
        )}
      </Form.List>
      <Form.Item name="adminName" label={t("rebuild.adminName")} rules={[{ required: true, whitespace: true, message: t("init.adminNameRequired") }]}>
        <Input data-testid="rebuild-admin-name" autoComplete="username" />
      </Form.Item>
      <Form.Item name="adminPassword" label={t("rebuild.adminPassword")} rules={[{ required: true, message: t("init.passwordRequired") }]}>
        <Input.Password data-testid="rebuild-admin-password" autoComplete="current-password" />
      </Form.Item>
      {running && (
        <div data-testid="rebuild-progress" style={{ marginBottom: 16 }}>
          <Typography.Text>{t("rebuild.running")}</Typography.Text>
          <Progress percent={job.progress ? progressPercent(job.progress) : 0} status="active" />
        </div>
      )}
      {o?.cancelled && <Alert data-testid="rebuild-cancelled" type="info" showIcon title={t("rebuild.cancelled")} style={{ marginBottom: 16 }} />}
      {job?.status === "failed" && <Alert data-testid="rebuild-error" type="error" showIcon title={job.error} style={{ marginBottom: 16 }} />}
      <Space style={{ width: "100%", justifyContent: "space-between" }}>
        <Button data-testid="wizard-back" onClick={onBack}>
          {t("wizard.back")}
        </Button>
        {running ? (
          <Button data-testid="rebuild-cancel" danger icon={<StopOutlined />} disabled={job.status === "cancelling"} onClick={() => void cancel()}>
            {t("common.cancel")}
          </Button>
        ) : (
          <Button data-testid="rebuild-start" type="primary" htmlType="submit">
            {t("rebuild.start")}
          </Button>
        )}
      </Space>
    </Form>
  );
}

function Lines({ title, lines }: { title: string; lines: string[] }) {
  return (
    <div style={{ marginBottom: 16 }}>
      <Typography.Text>{title}</Typography.Text>
      <ul>
        {lines.map((l) => (
          <li key={l}>{l}</li>
        ))}
      </ul>
    </div>
  );
}
